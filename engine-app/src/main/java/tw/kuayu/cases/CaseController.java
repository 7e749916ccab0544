package tw.kuayu.cases;

import java.net.URI;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.security.CurrentUsers;

@RestController
public class CaseController {

    private final Intake intake;
    private final CaseViews views;
    private final CaseMessages messages;
    private final CurrentUsers users;

    public CaseController(Intake intake, CaseViews views, CaseMessages messages, CurrentUsers users) {
        this.intake = intake;
        this.views = views;
        this.messages = messages;
        this.users = users;
    }

    public record Filed(String id, String caseNo, String status) {
    }

    @PostMapping("/api/cases")
    public ResponseEntity<Filed> file(@RequestBody IntakeRequest request,
                                      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        CurrentUser user = users.current();
        CaseRecord earlier = intake.previous(user, idempotencyKey, request);
        CaseRecord filed;
        if (earlier != null) {
            filed = earlier;
        } else {
            try {
                filed = intake.file(user, idempotencyKey, request);
            } catch (DuplicateKeyException concurrentRetry) {
                // the same Idempotency-Key arrived twice at once; the first one won
                filed = intake.previous(user, idempotencyKey, request);
                if (filed == null) {
                    throw concurrentRetry;
                }
            }
        }
        return ResponseEntity.created(URI.create("/api/cases/" + filed.id()))
                .body(new Filed(filed.id(), filed.caseNo(), filed.status()));
    }

    /**
     * The case view with a strong ETag; {@code If-None-Match} with the current tag answers 304 without building the
     * view, so a client polling "has my case moved?" costs three indexed reads. The tag is computed before the view:
     * a change in between makes the client read once more, never miss a change.
     */
    @GetMapping("/api/cases/{id}")
    public ResponseEntity<CaseView> view(@PathVariable String id,
                                         @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        CurrentUser user = users.current();
        CaseRecord c = views.readable(user, id);
        String etag = views.etag(user, c);
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        return ResponseEntity.ok().eTag(etag).body(views.view(user, c));
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /** The applicant withdrew the application (撤回); recorded by the owning agency. */
    @PostMapping("/api/cases/{id}/withdraw")
    public ResponseEntity<Void> withdraw(@PathVariable String id, @RequestBody(required = false) CaseMessages.Note note) {
        messages.withdraw(users.current(), id, note);
        return ResponseEntity.noContent().build();
    }

    /** The applicant answered a correction request (補正); the statutory clock runs again. */
    @PostMapping("/api/cases/{id}/correction")
    public ResponseEntity<Void> correction(@PathVariable String id, @RequestBody(required = false) CaseMessages.Note note) {
        messages.correctionReceived(users.current(), id, note);
        return ResponseEntity.noContent().build();
    }
}
