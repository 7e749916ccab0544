package tw.kuayu.notifications;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tw.kuayu.notifications.OutboxMapper.OutboxMail;

/**
 * Delivers the mail outbox (decision 028) every {@code kuayu.mail.outbox.poll-interval}, on every node: each row is
 * claimed with one conditional UPDATE (committed on its own, so a claim is visible to the other nodes at once) and held
 * for {@code lease}; only the claim's holder marks it sent or failed. A failed attempt puts the row back for a later
 * try ({@code backoff}, doubled each attempt up to {@code max-backoff}) until {@code max-attempts}, then it is
 * {@code failed} for good (GET /api/mail-outbox, gauge {@code kuayu.mail.outbox}). The error kept is the exception's
 * class and the server's reply, never the message text.
 *
 * <p>A node that dies between sending and marking leaves the row {@code sending}; once its lease runs out another node
 * sends it again (at least once). The lease must outlast the SMTP timeouts ({@code spring.mail.properties.mail.smtp.*timeout}).
 */
@Component
public class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final Pattern NATIONAL_ID = Pattern.compile("[A-Za-z][0-9A-Da-d][0-9]{8}");

    private final OutboxMapper outbox;
    private final ObjectProvider<JavaMailSender> sender;
    private final Clock clock;
    private final String from;
    private final int maxAttempts;
    private final Duration backoff;
    private final Duration maxBackoff;
    private final Duration lease;
    private final Duration keepSent;
    private final int batch;
    private final String node;

    public OutboxSender(OutboxMapper outbox, ObjectProvider<JavaMailSender> sender, Clock clock,
                        @Value("${kuayu.mail.from:kuayu@localhost}") String from,
                        @Value("${kuayu.mail.outbox.max-attempts:8}") int maxAttempts,
                        @Value("${kuayu.mail.outbox.backoff:1m}") Duration backoff,
                        @Value("${kuayu.mail.outbox.max-backoff:1h}") Duration maxBackoff,
                        @Value("${kuayu.mail.outbox.lease:5m}") Duration lease,
                        @Value("${kuayu.mail.outbox.keep-sent:30d}") Duration keepSent,
                        @Value("${kuayu.mail.outbox.batch-size:50}") int batch,
                        @Value("${kuayu.mail.outbox.node:}") String node) {
        this.outbox = outbox;
        this.sender = sender;
        this.clock = clock;
        this.from = from;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.backoff = backoff;
        this.maxBackoff = maxBackoff;
        this.lease = lease;
        this.keepSent = keepSent;
        this.batch = batch;
        this.node = node.isBlank() ? defaultNode() : node;
    }

    @Scheduled(initialDelayString = "${kuayu.mail.outbox.poll-interval:10s}", fixedDelayString = "${kuayu.mail.outbox.poll-interval:10s}")
    public void poll() {
        if (sender.getIfAvailable() != null) {
            deliverDue();
            outbox.purgeSent(clock.instant().minus(keepSent));
        }
    }

    /**
     * Sends the mails due now that this node wins; returns how many it sent. Stops at the first failure: the server is
     * likely down, and the rest keep their attempts for the next round.
     */
    public int deliverDue() {
        JavaMailSender smtp = sender.getIfAvailable();
        if (smtp == null) {
            return 0;
        }
        int sent = 0;
        Instant now = clock.instant();
        for (String id : outbox.claimable(now, batch)) {
            if (outbox.claim(id, node, now, now.plus(lease)) == 0) {
                continue; // another node has it
            }
            OutboxMail mail = outbox.find(id);
            try {
                smtp.send(message(mail));
            } catch (RuntimeException e) { // MailException, or a message the mail library refuses: counted the same
                failed(mail, e);
                break;
            }
            if (outbox.sent(id, node, clock.instant()) == 1) {
                sent++;
            } else {
                log.warn("Mail {} was sent after its lease ran out; another node may send it again (raise kuayu.mail.outbox.lease)", id);
            }
        }
        if (sent > 0) {
            log.info("Outbox: {} mail(s) sent", sent);
        }
        return sent;
    }

    private void failed(OutboxMail mail, RuntimeException e) {
        int attempts = mail.attempts();
        Instant now = clock.instant();
        String error = describe(e);
        if (attempts >= maxAttempts) {
            outbox.attemptFailed(mail.id(), node, OutboxMapper.FAILED, now, error, now);
            log.error("Mail {} given up after {} attempt(s): {}", mail.id(), attempts, error);
        } else {
            outbox.attemptFailed(mail.id(), node, OutboxMapper.PENDING, now.plus(delay(attempts)), error, null);
            log.warn("Mail {} attempt {} of {} failed, retried later: {}", mail.id(), attempts, maxAttempts, error);
        }
    }

    /** backoff, 2 × backoff, 4 × backoff … after the 1st, 2nd, 3rd failed attempt, never more than max-backoff. */
    Duration delay(int attempts) {
        Duration d = backoff;
        for (int i = 1; i < attempts && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    private SimpleMailMessage message(OutboxMail mail) {
        SimpleMailMessage m = new SimpleMailMessage();
        m.setFrom(from);
        m.setTo(mail.recipient());
        m.setSubject(mail.subject());
        m.setText(mail.body());
        return m;
    }

    /** The exception's class and its root cause's reply (e.g. "Connection refused", "550 ..."), masked and cut to fit. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StringBuilder s = new StringBuilder(e.getClass().getSimpleName());
        if (root != e) {
            s.append(" / ").append(root.getClass().getSimpleName());
        }
        if (root.getMessage() != null) {
            s.append(": ").append(root.getMessage().replaceAll("\\s+", " ").trim());
        }
        String text = NATIONAL_ID.matcher(s).replaceAll("**********");
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private static String defaultNode() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        String id = host + ":" + ProcessHandle.current().pid();
        return id.length() > 100 ? id.substring(id.length() - 100) : id;
    }
}
