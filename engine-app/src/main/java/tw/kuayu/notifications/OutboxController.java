package tw.kuayu.notifications;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.notifications.OutboxMapper.OutboxMail;

/**
 * {@code GET /api/mail-outbox} (system administrators and city-wide managers): how many e-mails are pending, being
 * sent, sent and failed, the mails being retried and the latest given up, with the staff address, subject (case number
 * and step, no personal data), attempts and the last error. Never the message body.
 */
@RestController
public class OutboxController {

    static final int LIST_SIZE = 20;

    private final OutboxMapper outbox;

    public OutboxController(OutboxMapper outbox) {
        this.outbox = outbox;
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
