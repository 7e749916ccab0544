package tw.kuayu.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.tasks.TaskMapper.TaskRow;
import tw.kuayu.web.ApiException;

/**
 * Who holds a task: claim (簽收), unclaim (退回待辦) and delegate to a colleague (轉派). Only members
 * of the task's agency group act on it, and a task held by someone else stays theirs (409). Every
 * change goes through Camunda's TaskService as the caller, so the engine's authorizations apply and
 * the read model follows through the task's assignment event. Delegation here is a reassignment
 * within the group, not Camunda's delegate/resolve: the colleague completes the task as usual.
 */
@Service
public class TaskAssignment {

    public record Colleague(String id, String name) {
    }

    private final TaskService tasks;
    private final TaskMapper rows;
    private final IdentityService identity;

    public TaskAssignment(TaskService tasks, TaskMapper rows, IdentityService identity) {
        this.tasks = tasks;
        this.rows = rows;
        this.identity = identity;
    }

    @Transactional
    public void claim(CurrentUser user, String taskId) {
        TaskRow row = actionable(user, taskId);
        if (row.assignee() == null) {
            as(user, t -> t.claim(taskId, user.id()));
        }
    }

    @Transactional
    public void unclaim(CurrentUser user, String taskId) {
        TaskRow row = actionable(user, taskId);
        if (row.assignee() != null) {
            as(user, t -> t.setAssignee(taskId, null));
        }
    }

    @Transactional
    public void delegate(CurrentUser user, String taskId, String colleague) {
        TaskRow row = actionable(user, taskId);
        String target = colleague == null ? "" : colleague.strip();
        if (target.isEmpty() || target.length() > 100 || row.candidateGroup() == null
                || identity.createUserQuery().userId(target).memberOfGroup(row.candidateGroup()).count() == 0) {
            throw ApiException.badRequest("只能轉派給此任務所屬機關（群組）的同仁。", List.of("userId: 不是此任務群組的成員"));
        }
        as(user, t -> t.setAssignee(taskId, target));
    }

    public List<Colleague> candidates(CurrentUser user, String taskId) {
        TaskRow row = member(user, taskId);
        if (row.candidateGroup() == null) {
            return List.of();
        }
        return identity.createUserQuery().memberOfGroup(row.candidateGroup()).orderByUserId().asc().list().stream()
                .map(u -> new Colleague(u.getId(), ((u.getLastName() == null ? "" : u.getLastName())
                        + (u.getFirstName() == null ? "" : u.getFirstName())).strip()))
                .toList();
    }

    /** An open task of the caller's group that nobody else holds. */
    private TaskRow actionable(CurrentUser user, String taskId) {
        TaskRow row = member(user, taskId);
        if (row.assignee() != null && !row.assignee().equals(user.id())) {
            throw ApiException.conflict("此任務已由 " + row.assignee() + " 簽收辦理中。");
        }
        return row;
    }

    private TaskRow member(CurrentUser user, String taskId) {
        TaskRow row = taskId == null || taskId.length() > 64 ? null : rows.find(taskId);
        if (row == null || !TaskMapper.OPEN.equals(row.status())) {
            throw ApiException.notFound("查無此任務，可能已由他人辦理完成。");
        }
        boolean mine = user.id().equals(row.assignee());
        if (!mine && (row.candidateGroup() == null || !user.inGroup(row.candidateGroup()))) {
            throw ApiException.forbidden("此任務不屬於您的機關或職務，無法辦理。");
        }
        return row;
    }

    private void as(CurrentUser user, Consumer<TaskService> change) {
        identity.setAuthentication(user.id(), new ArrayList<>(user.groups()));
        try {
            change.accept(tasks);
        } catch (AuthorizationException e) {
            throw ApiException.forbidden("您的帳號沒有變更此任務承辦人的權限。");
        } finally {
            identity.clearAuthentication();
        }
    }
}
