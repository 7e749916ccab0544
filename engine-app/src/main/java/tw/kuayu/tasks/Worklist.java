package tw.kuayu.tasks;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.tasks.OpinionMapper.Opinion;
import tw.kuayu.tasks.WorklistController.CompleteRequest;
import tw.kuayu.tasks.WorklistController.TaskPage;
import tw.kuayu.web.ApiException;

/** The caller's tasks and their completion, with the agency rules applied on every call. */
@Service
public class Worklist {

    static final int MAX_OPINION = 2000;

    private final TaskService tasks;
    private final TaskActions actions;
    private final CaseMapper cases;
    private final OpinionMapper opinions;
    private final Clock clock;

    public Worklist(TaskService tasks, TaskActions actions, CaseMapper cases, OpinionMapper opinions, Clock clock) {
        this.tasks = tasks;
        this.actions = actions;
        this.cases = cases;
        this.opinions = opinions;
        this.clock = clock;
    }

    public record TaskItem(String id, String caseId, String caseNo, String caseType, String name, String step, String agency,
                           String assignee, Instant createdAt, Instant dueAt, List<String> actions) {
    }

    private TaskQuery visibleTo(CurrentUser user) {
        TaskQuery query = tasks.createTaskQuery().active();
        if (user.groups().isEmpty()) {
            return query.taskAssignee(user.id());
        }
        return query.or().taskAssignee(user.id()).taskCandidateGroupIn(List.copyOf(user.groups())).endOr();
    }

    public TaskPage page(CurrentUser user, int page, int size) {
        TaskQuery query = visibleTo(user);
        long total = query.count();
        List<Task> found = visibleTo(user).orderByTaskCreateTime().desc().orderByTaskId().asc().listPage(page * size, size);
        Map<String, CaseRecord> byProcess = casesOf(found);
        List<TaskItem> items = new ArrayList<>();
        for (Task task : found) {
            CaseRecord c = byProcess.get(task.getProcessInstanceId());
            items.add(item(task, c));
        }
        return new TaskPage(items, page, size, total);
    }

    /** The open tasks of one case, for the case view. */
    public List<TaskItem> ofCase(CaseRecord c) {
        if (c.processInstanceId() == null) {
            return List.of();
        }
        return tasks.createTaskQuery().processInstanceId(c.processInstanceId()).orderByTaskCreateTime().asc().list().stream()
                .map(t -> item(t, c)).toList();
    }

    private TaskItem item(Task task, CaseRecord c) {
        return new TaskItem(task.getId(), c == null ? null : c.id(), c == null ? null : c.caseNo(), c == null ? null : c.caseType(),
                task.getName(), task.getTaskDefinitionKey(), agencyOf(task), task.getAssignee(),
                task.getCreateTime() == null ? null : task.getCreateTime().toInstant(),
                c == null ? null : c.dueAt(), actions.of(task.getProcessDefinitionId(), task.getTaskDefinitionKey()));
    }

    private Map<String, CaseRecord> casesOf(List<Task> found) {
        Set<String> processIds = found.stream().map(Task::getProcessInstanceId).collect(Collectors.toSet());
        if (processIds.isEmpty()) {
            return Map.of();
        }
        return cases.findByProcessInstances(processIds).stream()
                .collect(Collectors.toMap(CaseRecord::processInstanceId, Function.identity()));
    }

    /** The groups a task is offered to; the first one's agency is the task's agency. */
    public List<String> candidateGroups(String taskId) {
        return tasks.getIdentityLinksForTask(taskId).stream()
                .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
                .map(IdentityLink::getGroupId)
                .toList();
    }

    private String agencyOf(Task task) {
        return candidateGroups(task.getId()).stream().map(Catalog::agencyOfGroup).findFirst().orElse(null);
    }

    @Transactional
    public void complete(CurrentUser user, String taskId, CompleteRequest request) {
        Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
        if (task == null) {
            throw ApiException.notFound("查無此任務，可能已由他人辦理完成。");
        }
        List<String> groups = candidateGroups(taskId);
        boolean mine = user.id().equals(task.getAssignee());
        if (!mine && !user.inAnyGroup(groups)) {
            throw ApiException.forbidden("此任務不屬於您的機關或職務，無法辦理。");
        }
        if (task.getAssignee() != null && !mine) {
            throw ApiException.conflict("此任務已由 " + task.getAssignee() + " 簽收辦理中。");
        }
        List<String> offered = actions.of(task.getProcessDefinitionId(), task.getTaskDefinitionKey());
        String action = request == null ? null : request.action();
        if (action == null || !offered.contains(action)) {
            throw ApiException.badRequest("請選擇此任務可用的處理方式：" + String.join("、", offered) + "。",
                    List.of("action: 必須為 " + String.join(", ", offered) + " 其中之一"));
        }
        String opinion = request.opinion() == null ? null : request.opinion().strip();
        if (opinion != null && opinion.length() > MAX_OPINION) {
            throw ApiException.badRequest("意見內容不可超過 " + MAX_OPINION + " 字。", List.of("opinion: 過長"));
        }
        CaseRecord c = cases.findByProcessInstances(Set.of(task.getProcessInstanceId())).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("Task " + taskId + " has no case"));
        opinions.insert(new Opinion(UUID.randomUUID().toString(), c.id(), taskId, task.getTaskDefinitionKey(), task.getName(),
                groups.stream().map(Catalog::agencyOfGroup).findFirst().orElse(c.ownerAgency()), user.id(), action,
                opinion, clock.instant()));
        if (task.getAssignee() == null) {
            tasks.setAssignee(taskId, user.id());
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("action", action);
        variables.put("opinion", opinion);
        tasks.complete(taskId, variables);
    }
}
