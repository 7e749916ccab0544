package tw.kuayu.notifications;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * E-mail copies of the in-app notices (reminder, escalation, deadline), to the addresses of the
 * engine identity store's users. Off when no SMTP server is configured ({@code spring.mail.host}
 * unset: Spring Boot makes no {@link JavaMailSender}); the in-app notice is kept either way. Mail
 * leaves after the notice's transaction commits, so a rolled-back notice sends nothing; a failed
 * delivery is logged (without addresses) and not retried. Texts carry the case number and type,
 * never the applicant's name or national ID.
 */
@Component
public class MailNotices {

    private static final Logger log = LoggerFactory.getLogger(MailNotices.class);
    static final String FOOTER = "\n\n本郵件由跨域案件處理系統自動寄送，請勿直接回覆。";

    private final ObjectProvider<JavaMailSender> sender;
    private final IdentityService identity;
    private final String from;
    private final String publicUrl;

    public MailNotices(ObjectProvider<JavaMailSender> sender, IdentityService identity, @Value("${kuayu.mail.from:kuayu@localhost}") String from,
                       @Value("${kuayu.public-url:http://localhost:8080}") String publicUrl) {
        this.sender = sender;
        this.identity = identity;
        this.from = from;
        this.publicUrl = publicUrl;
    }

    public boolean enabled() {
        return sender.getIfAvailable() != null;
    }

    /** Mails every member of the group; returns how many addresses it will send to (0 when mail is off). */
    public int toGroup(String group, String caseId, String subject, String message) {
        if (!enabled()) {
            return 0;
        }
        return send(identity.createUserQuery().memberOfGroup(group).list(), caseId, subject, message);
    }

    /** Mails these users; returns how many addresses it will send to (0 when mail is off). */
    public int toUsers(Collection<String> userIds, String caseId, String subject, String message) {
        if (!enabled() || userIds.isEmpty()) {
            return 0;
        }
        return send(identity.createUserQuery().userIdIn(userIds.toArray(String[]::new)).list(), caseId, subject, message);
    }

    private int send(List<User> users, String caseId, String subject, String message) {
        Set<String> addresses = new LinkedHashSet<>();
        users.stream().map(User::getEmail).filter(e -> e != null && !e.isBlank()).forEach(addresses::add);
        if (addresses.isEmpty()) {
            return 0;
        }
        String body = message + "\n\n案件頁面：" + publicUrl + "/worklist/cases/" + caseId + FOOTER;
        Runnable delivery = () -> addresses.forEach(to -> deliver(to, "【跨域】" + subject, body));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    delivery.run();
                }
            });
        } else {
            delivery.run();
        }
        return addresses.size();
    }

    private void deliver(String to, String subject, String body) {
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setFrom(from);
        mail.setTo(to);
        mail.setSubject(subject);
        mail.setText(body);
        try {
            sender.getObject().send(mail);
        } catch (MailException e) {
            log.warn("An e-mail notice could not be delivered ({}); the in-app notice stands", e.getClass().getSimpleName());
        }
    }
}
