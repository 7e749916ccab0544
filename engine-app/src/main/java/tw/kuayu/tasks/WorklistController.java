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

    static final int MAX_PAGE_SIZE = 200;

    private final Worklist worklist;
    private final CurrentUsers users;

    public WorklistController(Worklist worklist, CurrentUsers users) {
        this.worklist = worklist;
        this.users = users;
    }

    public record TaskPage(List<Worklist.TaskItem> items, int page, int size, long total) {
    }

    public record CompleteRequest(String action, String opinion, Map<String, Object> data) {
    }

    @GetMapping("/api/tasks")
    public TaskPage tasks(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE || (long) page * size > Integer.MAX_VALUE) {
            throw ApiException.badRequest("分頁參數有誤：page 須大於或等於 0，size 須介於 1 到 " + MAX_PAGE_SIZE + "。", List.of());
        }
        return worklist.page(users.current(), page, size);
    }

    @PostMapping("/api/tasks/{id}/complete")
    public ResponseEntity<Void> complete(@PathVariable String id, @RequestBody CompleteRequest request) {
        try {
            worklist.complete(users.current(), id, request);
        } catch (OptimisticLockingException concurrentReviewer) {
            // another reviewer of the same joint review completed at the same instant; the first
            // attempt was rolled back whole, so trying once more in a new transaction is safe
            worklist.complete(users.current(), id, request);
        }
        return ResponseEntity.noContent().build();
    }
}
