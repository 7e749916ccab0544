package tw.kuayu.tasks;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.connectors.NationalId;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.tasks.TaskMapper.TaskRow;
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

    private final ProcessEngineConfigurationImpl engine;
    private final TaskActions actions;
    private final TaskMapper rows;
    private final IdentityService identity;
    private final WorklistMapper search;
    private final Clock clock;
    private final WorkingCalendar calendar;

    public Worklist(ProcessEngineConfigurationImpl engine, TaskActions actions, TaskMapper rows, IdentityService identity, WorklistMapper search,
                    Clock clock, WorkingCalendar calendar) {
        this.engine = engine;
        this.actions = actions;
        this.rows = rows;
        this.identity = identity;
        this.search = search;
        this.clock = clock;
        this.calendar = calendar;
    }

    /** An open task of a case; {@code fields} are the extra data fields its step accepts. */
    public record TaskItem(String id, String caseId, String caseNo, String caseType, String name, String step, String agency,
                           String assignee, Instant createdAt, Instant dueAt, List<String> actions, List<String> fields) {
    }

    /**
     * A row of the worklist: the task, what the list shows of its case, and the statutory clock in working days
     * ({@code workingDaysLeft}, negative when {@code overdue}, counted to {@code caseDueAt}); {@code dueAt} stays the step's deadline.
     */
    public record WorklistItem(String id, String caseId, String caseNo, String caseType, String name, String step, String agency,
                               String assignee, Instant createdAt, Instant dueAt, List<String> actions, String applicantName,
                               String applicantNationalId, Instant receivedAt, Instant caseDueAt, int workingDaysLeft,
                               boolean overdue) {
    }

    public TaskPage page(CurrentUser user, WorklistQuery.Params params) {
        WorklistQuery query = WorklistQuery.of(user, params, clock.instant(), calendar);
        long counted = search.count(query);
        int upTo = WorklistMapper.countUpTo(query);
        List<WorklistItem> items = search.search(query).stream().map(r -> item(r, query.now())).toList();
        return new TaskPage(items, params.page(), params.size(), Math.min(counted, upTo), counted < upTo);
    }

    /** The open tasks of one case, including those of called patterns, for the case view. */
    public List<TaskItem> ofCase(CaseRecord c) {
        return rows.ofCase(c.id()).stream().filter(r -> TaskMapper.OPEN.equals(r.status()))
                .map(r -> new TaskItem(r.taskId(), c.id(), c.caseNo(), c.caseType(), r.name(), r.step(), r.agency(), r.assignee(),
                        r.createdAt(), r.dueAt() != null ? r.dueAt() : c.dueAt(), actions.of(r.processDefinitionId(), r.step()),
                        actions.fields(r.processDefinitionId(), r.step())))
                .toList();
    }

    /** Appends what the case view shows of the case's task rows, for the case view's ETag. */
    public void stampOf(String caseId, StringBuilder text) {
        rows.ofCase(caseId).forEach(r -> text.append('\u0000').append(r));
    }

    private WorklistItem item(WorklistMapper.Row r, Instant now) {
        Instant due = r.dueAt() != null ? r.dueAt() : r.caseDueAt();
        boolean overdue = r.caseDueAt().isBefore(now);
        int left = overdue ? -calendar.between(r.caseDueAt(), now) : calendar.between(now, r.caseDueAt());
        return new WorklistItem(r.taskId(), r.caseId(), r.caseNo(), r.caseType(), r.name(), r.step(), r.agency(), r.assignee(),
                r.createdAt(), due, actions.of(r.processDefinitionId(), r.step()), r.applicantName(),
                NationalId.mask(r.applicantNationalId()), r.receivedAt(), r.caseDueAt(), left, overdue);
    }

    /** Whether the task is still open (read model), e.g. after a completion failed in a race. */
    public boolean isOpen(String taskId) {
        TaskRow row = taskId == null || taskId.length() > 64 ? null : rows.find(taskId);
        return row != null && TaskMapper.OPEN.equals(row.status());
    }

    /** The open task's assignee (read model), or null, e.g. after a claim failed in a race. */
    public String assignee(String taskId) {
        return isOpen(taskId) ? rows.find(taskId).assignee() : null;
    }

    /**
     * Checks, claims (when nobody holds the task) and completes the task in one engine command, so one
     * transaction and one flush: the agency checks read the task row of the read model, the engine's
     * task is read once inside the command and the refusals (404, 403, 409, 400) are decided there, before
     * anything is written. {@code RoutingVariablesGuard} and {@link TaskReadModel} run inside it as in
     * {@code TaskService.complete}; Camunda's task-work authorization check does not (decision 038).
     */
    @Transactional
    public void complete(CurrentUser user, String taskId, CompleteRequest request) {
        TaskRow row = taskId == null || taskId.length() > 64 ? null : rows.find(taskId);
        if (row == null || !TaskMapper.OPEN.equals(row.status())) {
            throw ApiException.notFound("查無此任務，可能已由他人辦理完成。");
        }
        identity.setAuthentication(user.id(), new ArrayList<>(user.groups()));
        ApiException refused;
        try {
            refused = engine.getCommandExecutorTxRequired().execute(context -> claimAndComplete(context, user, row, request));
        } finally {
            identity.clearAuthentication();
        }
        if (refused != null) {
            throw refused;
        }
    }

    /** Inside the engine command; a refusal is returned, not thrown, so the engine does not log a user's mistake as an error. */
    private ApiException claimAndComplete(CommandContext context, CurrentUser user, TaskRow row, CompleteRequest request) {
        TaskEntity task = context.getTaskManager().findTaskById(row.taskId());
        if (task == null) {
            return ApiException.notFound("查無此任務，可能已由他人辦理完成。");
        }
        boolean mine = user.id().equals(task.getAssignee());
        if (!mine && (row.candidateGroup() == null || !user.inGroup(row.candidateGroup()))) {
            return ApiException.forbidden("此任務不屬於您的機關或職務，無法辦理。");
        }
        if (task.getAssignee() != null && !mine) {
            return ApiException.conflict("此任務已由 " + task.getAssignee() + " 簽收辦理中。");
        }
        Map<String, Object> variables;
        try {
            variables = variables(task, request);
        } catch (ApiException invalid) {
            return invalid;
        }
        if (task.getAssignee() == null) {
            // the claim is Kuayu's own step (the agency check above), as TaskService.setAssignee without a user was before
            context.runWithoutAuthorization(new AssignTaskCmd(task.getId(), user.id()));
        }
        // Kuayu's agency check above decides who may work the task (decision 038): Camunda's task-work check would
        // repeat it from the task's candidate-group grants at the price of its authorization query. The user stays
        // authenticated, so the operation log names them and RoutingVariablesGuard still applies.
        context.runWithoutAuthorization(new CompleteTaskCmd(task.getId(), variables, false, false));
        return null;
    }

    private Map<String, Object> variables(Task task, CompleteRequest request) {
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
        return variables;
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
