package tw.kuayu.tasks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.tasks.TaskMapper.TaskRow;
import tw.kuayu.tasks.TaskMapper.WorkItem;
import tw.kuayu.tasks.WorklistController.CompleteRequest;
import tw.kuayu.tasks.WorklistController.TaskPage;
import tw.kuayu.web.ApiException;
import tw.kuayu.web.TextRules;

/**
 * The caller's tasks and their completion, with the agency rules applied on every call. Reads come
 * from the read model {@code kuayu_task}; completion goes through the engine with the caller as
 * the authenticated user, so Camunda's own authorizations apply as well.
 */
@Service
public class Worklist {

    static final int MAX_OPINION = 2000;
    static final int MAX_FIELD = 200;

    private final TaskService tasks;
    private final TaskActions actions;
    private final TaskMapper rows;
    private final IdentityService identity;

    public Worklist(TaskService tasks, TaskActions actions, TaskMapper rows, IdentityService identity) {
        this.tasks = tasks;
        this.actions = actions;
        this.rows = rows;
        this.identity = identity;
    }

    public record TaskItem(String id, String caseId, String caseNo, String caseType, String name, String step, String agency,
                           String assignee, Instant createdAt, Instant dueAt, List<String> actions) {
    }

    public TaskPage page(CurrentUser user, int page, int size) {
        long total = rows.countVisibleTo(user.id(), user.groups());
        List<TaskItem> items = rows.visibleTo(user.id(), user.groups(), page * size, size).stream().map(this::item).toList();
        return new TaskPage(items, page, size, total);
    }

    /** The open tasks of one case, including those of called patterns, for the case view. */
    public List<TaskItem> ofCase(CaseRecord c) {
        return rows.ofCase(c.id()).stream().filter(r -> TaskMapper.OPEN.equals(r.status()))
                .map(r -> new TaskItem(r.taskId(), c.id(), c.caseNo(), c.caseType(), r.name(), r.step(), r.agency(), r.assignee(),
                        r.createdAt(), r.dueAt() != null ? r.dueAt() : c.dueAt(), actions.of(r.processDefinitionId(), r.step())))
                .toList();
    }

    private TaskItem item(WorkItem w) {
        return new TaskItem(w.taskId(), w.caseId(), w.caseNo(), w.caseType(), w.name(), w.step(), w.agency(), w.assignee(),
                w.createdAt(), w.dueAt() != null ? w.dueAt() : w.caseDueAt(), actions.of(w.processDefinitionId(), w.step()));
    }

    @Transactional
    public void complete(CurrentUser user, String taskId, CompleteRequest request) {
        TaskRow row = taskId == null || taskId.length() > 64 ? null : rows.find(taskId);
        Task task = row == null || !TaskMapper.OPEN.equals(row.status()) ? null : tasks.createTaskQuery().taskId(taskId).singleResult();
        if (task == null) {
            throw ApiException.notFound("查無此任務，可能已由他人辦理完成。");
        }
        boolean mine = user.id().equals(task.getAssignee());
        if (!mine && (row.candidateGroup() == null || !user.inGroup(row.candidateGroup()))) {
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
        if (opinion != null && TextRules.problem(opinion, true) != null) {
            throw ApiException.badRequest("意見內容" + TextRules.problem(opinion, true) + "。", List.of("opinion: " + TextRules.problem(opinion, true)));
        }
        Map<String, Object> variables = new HashMap<>(fields(task, request.data()));
        variables.put("action", action);
        variables.put("opinion", opinion);
        if (task.getAssignee() == null) {
            tasks.setAssignee(taskId, user.id());
        }
        identity.setAuthentication(user.id(), new ArrayList<>(user.groups()));
        try {
            tasks.complete(taskId, variables);
        } finally {
            identity.clearAuthentication();
        }
    }

    /** Extra fields a step asks for, declared in the model as {@code kuayu.fields}; anything else is refused. */
    private Map<String, Object> fields(Task task, Map<String, Object> data) {
        if (data == null || data.isEmpty()) {
            return Map.of();
        }
        List<String> allowed = actions.fields(task.getProcessDefinitionId(), task.getTaskDefinitionKey());
        List<String> errors = new ArrayList<>();
        Map<String, Object> accepted = new HashMap<>();
        data.forEach((name, value) -> {
            if (!allowed.contains(name)) {
                errors.add("data." + name + ": 此步驟不接受此欄位");
            } else if (!(value instanceof String s) || s.isBlank() || s.length() > MAX_FIELD) {
                errors.add("data." + name + ": 須為 1 到 " + MAX_FIELD + " 字的文字");
            } else if (TextRules.problem(s, false) != null) {
                errors.add("data." + name + ": " + TextRules.problem(s, false));
            } else {
                accepted.put(name, s.strip());
            }
        });
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("此步驟的資料欄位有誤。", errors);
        }
        return accepted;
    }
}
