package tw.kuayu.notifications;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.security.CurrentUsers;
import tw.kuayu.web.ApiException;
import tw.kuayu.notifications.OutboxMapper.OutboxMail;

/**
 * {@code GET /api/mail-outbox} (system administrators and city-wide managers): how many e-mails are pending, being
 * sent, sent and failed, the mails being retried and the latest given up, with the staff address, subject (case number
 * and step, no personal data), attempts and the last error. Never the message body. A given-up mail is sent again
 * with {@code POST /api/mail-outbox/{id}/retry}, all of them with {@code POST /api/mail-outbox/retry-failed}: back in
 * the queue, due at once, with a fresh set of attempts (after the SMTP server is mended).
 */
@RestController
public class OutboxController {

    static final int LIST_SIZE = 20;

    private static final Logger log = LoggerFactory.getLogger(OutboxController.class);

    private final OutboxMapper outbox;
    private final Clock clock;
    private final CurrentUsers users;

    public OutboxController(OutboxMapper outbox, Clock clock, CurrentUsers users) {
        this.outbox = outbox;
        this.clock = clock;
        this.users = users;
    }

    public record Requeued(int requeued) {
    }

    public record Entry(String id, String caseId, String recipient, String subject, String state, int attempts, Instant createdAt,
                        Instant nextAttemptAt, Instant finishedAt, String lastError) {

        static Entry of(OutboxMail m) {
            return new Entry(m.id(), m.caseId(), m.recipient(), m.subject(), m.state(), m.attempts(), m.createdAt(),
                    OutboxMapper.PENDING.equals(m.state()) ? m.nextAttemptAt() : null, m.finishedAt(), m.lastError());
        }
    }

    public record View(Map<String, Long> counts, List<Entry> retrying, List<Entry> latestFailures) {
    }

    @GetMapping("/api/mail-outbox")
    public View view() {
        return new View(counts(outbox), outbox.retrying(LIST_SIZE).stream().map(Entry::of).toList(),
                outbox.latestFailures(LIST_SIZE).stream().map(Entry::of).toList());
    }

    @PostMapping("/api/mail-outbox/{id}/retry")
    public ResponseEntity<Void> retry(@PathVariable String id) {
        if (outbox.requeue(id, clock.instant()) == 0) {
            if (id.length() > 36 || outbox.find(id) == null) {
                throw ApiException.notFound("查無此郵件。");
            }
            throw ApiException.conflict("這封郵件不是「寄送失敗」狀態（仍在排程重試或已寄出），無須重寄。");
        }
        log.info("Mail {} put back in the outbox by {}", id, users.current().id());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/mail-outbox/retry-failed")
    public Requeued retryFailed() {
        int requeued = outbox.requeueFailed(clock.instant());
        log.info("{} given-up mails put back in the outbox by {}", requeued, users.current().id());
        return new Requeued(requeued);
    }

    /** Every state, 0 when none. */
    static Map<String, Long> counts(OutboxMapper outbox) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String state : List.of(OutboxMapper.PENDING, OutboxMapper.SENDING, OutboxMapper.SENT, OutboxMapper.FAILED)) {
            counts.put(state, 0L);
        }
        outbox.countByState().forEach(c -> counts.put(c.state(), c.mails()));
        return counts;
    }
}
