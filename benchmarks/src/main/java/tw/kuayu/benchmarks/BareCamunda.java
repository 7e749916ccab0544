package tw.kuayu.benchmarks;

import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/**
 * A process of Kuayu's shape (intake task, three parallel review tasks, approval task, one service
 * task) driven through bare Camunda 7.24's Java API, on either engine the benchmark sets against
 * Kuayu: the Spring Boot starter's ({@link BareCamundaStarter}, the baseline) or, for
 * reference, a standalone engine with its own defaults ({@link #standalone}).
 */
final class BareCamunda implements AutoCloseable {

    static final String KEY = "bare-case";

    private final ProcessEngine engine;
    private final boolean owned;

    private BareCamunda(ProcessEngine engine, boolean owned) {
        this.engine = engine;
        this.owned = owned;
    }

    /** The engine of a Spring Boot application that has the process deployed; closing leaves it to the application. */
    static BareCamunda on(ProcessEngine engine) {
        return new BareCamunda(engine, false);
    }

    /**
     * A standalone engine with its defaults (full history, job executor on, a pool of 10 connections,
     * the engine's own transactions and its block id generator), lighter than the starter's, which runs
     * in Spring's transactions with UUIDs and publishes engine events to the application.
     */
    static BareCamunda standalone(String jdbcUrl, String user, String password) {
        ProcessEngineConfiguration config = ProcessEngineConfiguration.createStandaloneProcessEngineConfiguration()
                .setJdbcUrl(jdbcUrl).setJdbcUsername(user).setJdbcPassword(password)
                .setJdbcDriver(jdbcUrl.startsWith("jdbc:h2") ? "org.h2.Driver" : "org.postgresql.Driver")
                .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
                .setHistory(ProcessEngineConfiguration.HISTORY_FULL)
                .setJobExecutorActivate(true)
                .setProcessEngineName("bare-" + System.nanoTime());
        config.setJdbcMaxActiveConnections(10);
        ProcessEngine engine = config.buildProcessEngine();
        engine.getRepositoryService().createDeployment().addModelInstance("bare-case.bpmn", model()).deploy();
        return new BareCamunda(engine, true);
    }

    static BpmnModelInstance model() {
        return Bpmn.createExecutableProcess(KEY).camundaHistoryTimeToLive(30)
                .startEvent()
                .userTask("intake").camundaCandidateGroups("clerks")
                .parallelGateway("fork")
                .userTask("review1").camundaCandidateGroups("reviewers")
                .parallelGateway("join")
                .moveToNode("fork").userTask("review2").camundaCandidateGroups("reviewers").connectTo("join")
                .moveToNode("fork").userTask("review3").camundaCandidateGroups("reviewers").connectTo("join")
                .moveToNode("join")
                .userTask("approve").camundaCandidateGroups("chiefs")
                .serviceTask("issue").camundaExpression("${execution.setVariable('issued', true)}")
                .endEvent()
                .done();
    }

    /** One case: start, complete intake, the three reviews and the approval; the service task runs on the last. */
    String runCase(int n) {
        String instance = engine.getRuntimeService().startProcessInstanceByKey(KEY, "BARE-" + n).getId();
        TaskService tasks = engine.getTaskService();
        complete(tasks, instance, 1);
        complete(tasks, instance, 3);
        complete(tasks, instance, 1);
        if (engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(instance).finished().count() != 1) {
            throw new IllegalStateException("bare case did not end");
        }
        return null;
    }

    private static void complete(TaskService tasks, String instance, int expected) {
        List<Task> open = tasks.createTaskQuery().processInstanceId(instance).list();
        if (open.size() != expected) {
            throw new IllegalStateException("expected " + expected + " open tasks, found " + open.size());
        }
        open.forEach(t -> tasks.complete(t.getId()));
    }

    @Override
    public void close() {
        if (owned) {
            engine.close();
        }
    }
}
