package tw.kuayu.tasks;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.sla.SlaRollup;
import tw.kuayu.tasks.OpinionMapper.Opinion;
import tw.kuayu.tasks.TaskMapper.TaskRow;

/**
 * Keeps {@code kuayu_task} and the opinion record in step with the engine. It listens to every
 * user task through Camunda's Spring event bridge, inside the engine's transaction, so a task
 * completed through Kuayu's API, the Tasklist or the engine REST API is recorded the same way:
 * an action the task does not offer is refused, and the action and opinion become the case's
 * record with the user who gave them.
 */
@Component
public class TaskReadModel {

    private final TaskMapper rows;
    private final OpinionMapper opinions;
    private final TaskActions actions;
    private final IdentityService identity;
    private final Clock clock;
    private final SlaRollup rollup;

    public TaskReadModel(TaskMapper rows, OpinionMapper opinions, TaskActions actions, IdentityService identity, Clock clock, SlaRollup rollup) {
        this.rows = rows;
        this.opinions = opinions;
        this.actions = actions;
        this.identity = identity;
        this.clock = clock;
        this.rollup = rollup;
    }

    @EventListener(condition = "#task.eventName == 'create'")
    public void created(DelegateTask task) {
        String caseId = (String) task.getVariable("caseId");
        if (caseId == null) {
            return;
        }
        String group = candidateGroup(task);
        rows.insert(new TaskRow(task.getId(), caseId, task.getProcessInstanceId(), task.getProcessDefinitionId(),
                task.getTaskDefinitionKey(), task.getName(), group == null ? null : Catalog.agencyOfGroup(group), group,
                task.getAssignee(), TaskMapper.OPEN, instant(task.getCreateTime()), instant(task.getDueDate()), null));
    }

    @EventListener(condition = "#task.eventName == 'assignment'")
    public void assigned(DelegateTask task) {
        rows.assign(task.getId(), task.getAssignee());
    }

    @EventListener(condition = "#task.eventName == 'complete'")
    public void completed(DelegateTask task) {
        TaskRow row = rows.find(task.getId());
        if (row == null) {
            return;
        }
        List<String> offered = actions.of(task.getProcessDefinitionId(), task.getTaskDefinitionKey());
        Object action = task.getVariable("action");
        if (!offered.isEmpty() && (action == null || !offered.contains(action.toString()))) {
            throw new ProcessEngineException("請選擇此任務可用的處理方式：" + String.join("、", offered) + "。");
        }
        Object opinion = task.getVariable("opinion");
        opinions.insert(new Opinion(UUID.randomUUID().toString(), row.caseId(), task.getId(), task.getTaskDefinitionKey(),
                task.getName(), row.agency(), completedBy(task), action == null ? null : action.toString(),
                opinion == null ? null : opinion.toString(), clock.instant()));
        rows.end(task.getId(), TaskMapper.COMPLETED, clock.instant());
        rollup.taskCompleted(task.getId());
    }

    @EventListener(condition = "#task.eventName == 'delete'")
    public void deleted(DelegateTask task) {
        rows.end(task.getId(), TaskMapper.CANCELLED, clock.instant());
    }

    private String completedBy(DelegateTask task) {
        Authentication current = identity.getCurrentAuthentication();
        if (current != null && current.getUserId() != null) {
            return current.getUserId();
        }
        return task.getAssignee() != null ? task.getAssignee() : "system";
    }

    private static String candidateGroup(DelegateTask task) {
        return task.getCandidates().stream()
                .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
                .map(IdentityLink::getGroupId)
                .findFirst().orElse(null);
    }

    private static Instant instant(java.util.Date date) {
        return date == null ? null : date.toInstant();
    }

}
