package tw.kuayu.processes;

import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Engine, mocks, clock and task helpers shared by the process tests. Tasks are looked up across called processes. */
abstract class ProcessTestSupport {

    /** Each test class registers its own {@code @RegisterExtension static ProcessEngineExtension} and returns it here. */
    protected abstract ProcessEngineExtension engine();

    static final List<String> PATTERNS = List.of("processes/joint-review.bpmn", "processes/referral.bpmn", "processes/co-signing.bpmn");

    protected final Beans beans = new Beans();

    @BeforeEach
    void registerBeans() {
        ClockUtil.setCurrentTime(new Date(1_780_000_000_000L));
        beans.register();
    }

    @AfterEach
    void resetBeansAndClock() {
        Mocks.reset();
        ClockUtil.reset();
    }

    protected ProcessInstance start(String key, String businessKey, Map<String, Object> variables) {
        return engine().getRuntimeService().startProcessInstanceByKey(key, businessKey, variables);
    }

    /** The single open task with this definition key, in any process instance. */
    protected Task task(String key) {
        return engine().getTaskService().createTaskQuery().taskDefinitionKey(key).singleResult();
    }

    protected List<Task> tasks(String key) {
        return engine().getTaskService().createTaskQuery().taskDefinitionKey(key).orderByTaskCreateTime().asc().list();
    }

    protected Task taskFor(String key, String candidateGroup) {
        return engine().getTaskService().createTaskQuery().taskDefinitionKey(key).taskCandidateGroup(candidateGroup).singleResult();
    }

    /** Completes the single task with this key: {@code complete("review", "action", "approve", "opinion", "...")}. */
    protected void complete(String key, Object... variables) {
        Task task = task(key);
        if (task == null) {
            throw new AssertionError("no open task " + key);
        }
        complete(task, variables);
    }

    protected void complete(Task task, Object... variables) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            map.put((String) variables[i], variables[i + 1]);
        }
        engine().getTaskService().complete(task.getId(), map);
    }

    /** Runs every executable job (async continuations, due timers) until none is left. */
    protected void runJobs() {
        List<Job> jobs;
        while (!(jobs = engine().getManagementService().createJobQuery().executable().list()).isEmpty()) {
            for (Job job : jobs) {
                engine().getManagementService().executeJob(job.getId());
            }
        }
    }

    /** Moves the clock on by whole (working) days and fires the timers that fall due. */
    protected void passDays(int days) {
        ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + days * Beans.DAY + 1000));
        runJobs();
    }

    protected Object historicVariable(ProcessInstance pi, String name) {
        HistoricVariableInstance v = engine().getHistoryService().createHistoricVariableInstanceQuery()
                .processInstanceId(pi.getId()).variableName(name).singleResult();
        return v == null ? null : v.getValue();
    }

    protected long runningInstances() {
        return engine().getRuntimeService().createProcessInstanceQuery().count();
    }

    protected void correlate(String message, String businessKey) {
        engine().getRuntimeService().createMessageCorrelation(message).processInstanceBusinessKey(businessKey).correlate();
    }
}
