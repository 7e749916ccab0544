package tw.kuayu.notifications;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * E-mail copies of the in-app notices (reminder, escalation, deadline), to the addresses of the engine identity store's
 * users. Each mail is a row of the outbox ({@link OutboxMapper}) written in the caller's transaction, next to the
 * in-app notice: both are kept or neither; {@link OutboxSender} delivers it with retries (decision 028). Off when no
 * SMTP server is configured ({@code spring.mail.host} unset: Spring Boot makes no {@link JavaMailSender}); the in-app
 * notice is kept either way. Texts carry the case number and type, never the applicant's name or national ID.
 */
@Component
public class MailNotices {

    static final String FOOTER = "\n\n本郵件由跨域案件處理系統自動寄送，請勿直接回覆。";

    private final ObjectProvider<JavaMailSender> sender;
    private final IdentityService identity;
    private final OutboxMapper outbox;
    private final Clock clock;
    private final String publicUrl;

    public MailNotices(ObjectProvider<JavaMailSender> sender, IdentityService identity, OutboxMapper outbox, Clock clock,
                       @Value("${kuayu.public-url:http://localhost:8080}") String publicUrl) {
        this.sender = sender;
        this.identity = identity;
        this.outbox = outbox;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    public boolean enabled() {
        return sender.getIfAvailable() != null;
    }

    /** Queues a mail to every member of the group; returns how many addresses it will go to (0 when mail is off). */
    public int toGroup(String group, String caseId, String subject, String message) {
        if (!enabled()) {
            return 0;
        }
        return queue(identity.createUserQuery().memberOfGroup(group).list(), caseId, subject, message);
    }

    /** Queues a mail to these users; returns how many addresses it will go to (0 when mail is off). */
    public int toUsers(Collection<String> userIds, String caseId, String subject, String message) {
        if (!enabled() || userIds.isEmpty()) {
            return 0;
        }
        return queue(identity.createUserQuery().userIdIn(userIds.toArray(String[]::new)).list(), caseId, subject, message);
    }

    private int queue(List<User> users, String caseId, String subject, String message) {
        Set<String> addresses = new LinkedHashSet<>();
        users.stream().map(User::getEmail).filter(e -> e != null && !e.isBlank()).forEach(addresses::add);
        String body = message + "\n\n案件頁面：" + publicUrl + "/worklist/cases/" + caseId + FOOTER;
        Instant now = clock.instant();
        addresses.forEach(to -> outbox.insert(UUID.randomUUID().toString(), caseId, to, "【跨域】" + subject, body, now));
        return addresses.size();
    }
}
