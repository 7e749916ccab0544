package tw.kuayu.tasks;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.security.CurrentUsers;
import tw.kuayu.web.ApiException;

@RestController
public class WorklistController {

    private final Worklist worklist;
    private final TaskAssignment assignment;
    private final CurrentUsers users;

    public WorklistController(Worklist worklist, TaskAssignment assignment, CurrentUsers users) {
        this.worklist = worklist;
        this.assignment = assignment;
        this.users = users;
    }

    /** {@code total} is exact when {@code totalExact}; otherwise there are at least that many (the count stops, see WorklistMapper). */
    public record TaskPage(List<Worklist.WorklistItem> items, int page, int size, long total, boolean totalExact) {
    }

    public record CompleteRequest(String action, String opinion, Map<String, Object> data) {
    }

    public record DelegateRequest(String userId) {
    }

    @GetMapping("/api/tasks")
    public TaskPage tasks(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                          @RequestParam(required = false) String caseType, @RequestParam(required = false) String step,
                          @RequestParam(required = false) Integer dueWithinDays, @RequestParam(defaultValue = "false") boolean overdue,
                          @RequestParam(defaultValue = "false") boolean mine, @RequestParam(defaultValue = "false") boolean unassigned,
                          @RequestParam(defaultValue = "false") boolean includeHeldByOthers,
                          @RequestParam(required = false) String q, @RequestParam(required = false) String sort) {
        return worklist.page(users.current(), new WorklistQuery.Params(page, size, caseType, step, dueWithinDays, overdue, mine,
                unassigned, includeHeldByOthers, q, sort));
    }

    @PostMapping("/api/tasks/{id}/complete")
    public ResponseEntity<Void> complete(@PathVariable String id, @RequestBody CompleteRequest request) {
        try {
            try {
                worklist.complete(users.current(), id, request);
            } catch (OptimisticLockingException concurrentReviewer) {
                // another reviewer of the same joint review completed at the same instant; the first
                // attempt was rolled back whole, so trying once more in a new transaction is safe
                worklist.complete(users.current(), id, request);
            }
        } catch (ApiException refused) {
            throw refused;
        } catch (RuntimeException failed) {
            // a colleague (or a second click) completed this very task at the same instant: the engine
            // then fails in several ways (optimistic lock, task or execution gone); ours was rolled back
            if (!worklist.isOpen(id)) {
                throw ApiException.notFound("查無此任務，可能已由他人辦理完成。");
            }
            throw failed;
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/tasks/{id}/claim")
    public ResponseEntity<Void> claim(@PathVariable String id) {
        try {
            assignment.claim(users.current(), id);
        } catch (ApiException refused) {
            throw refused;
        } catch (RuntimeException failed) {
            // two claims of one task at the same instant: the engine fails the loser (optimistic lock, or
            // the assignee's task authorization inserted twice); it was rolled back
            if (!worklist.isOpen(id)) {
                throw ApiException.notFound("查無此任務，可能已由他人辦理完成。");
            }
            String winner = worklist.assignee(id);
            if (winner == null) {
                throw failed;
            }
            if (!winner.equals(users.current().id())) {
                throw ApiException.conflict("此任務剛被其他人簽收，請重新整理工作清單。");
            }
            // the caller's own second click: the task is theirs, as asked
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/tasks/{id}/unclaim")
    public ResponseEntity<Void> unclaim(@PathVariable String id) {
        assignment.unclaim(users.current(), id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/tasks/{id}/delegate")
    public ResponseEntity<Void> delegate(@PathVariable String id, @RequestBody DelegateRequest request) {
        assignment.delegate(users.current(), id, request == null ? null : request.userId());
        return ResponseEntity.noContent().build();
    }

    /** Colleagues the task may be delegated to: the members of its candidate group. */
    @GetMapping("/api/tasks/{id}/candidates")
    public List<TaskAssignment.Colleague> candidates(@PathVariable String id) {
        return assignment.candidates(users.current(), id);
    }
}
