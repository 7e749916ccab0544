package tw.kuayu.notification;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.cases.CaseAccess;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.notification.ChangeNotificationMapper.ConsentRow;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.security.CurrentUsers;
import tw.kuayu.security.Roles;
import tw.kuayu.web.ApiException;

/**
 * {@code GET /api/cases/{id}/notifications}: the applicant's recorded consent and every notification
 * (通報) of the case with its state. For the agencies that may read the case, and for auditors.
 */
@RestController
public class CaseNotificationController {

    /** The answer. {@code consent} is null when none was recorded at intake. */
    public record CaseNotifications(String caseId, String caseNo, Consent consent, List<Notification> notifications) {
    }

    public record Consent(boolean notification, String statement, String recordedBy, Instant recordedAt) {
    }

    public record Notification(String id, String source, String change, String label, List<String> fields, String purpose,
                               String legalBasis, String state, String stateLabel, String reason, int attempts, String receiptNo,
                               Instant createdAt, Instant sentAt, Instant acknowledgedAt) {
    }

    private final ChangeNotificationMapper notifications;
    private final CaseAccess access;
    private final CaseMapper cases;
    private final CurrentUsers users;

    public CaseNotificationController(ChangeNotificationMapper notifications, CaseAccess access, CaseMapper cases, CurrentUsers users) {
        this.notifications = notifications;
        this.access = access;
        this.cases = cases;
        this.users = users;
    }

    @GetMapping("/api/cases/{id}/notifications")
    public CaseNotifications of(@PathVariable String id) {
        CurrentUser user = users.current();
        CaseRecord c;
        if (user.inGroup(Roles.AUDITORS)) {
            c = id.length() > 36 ? null : cases.findById(id);
            if (c == null) {
                throw ApiException.notFound("查無此案件。");
            }
        } else {
            c = access.readable(user, id);
        }
        ConsentRow consent = notifications.consent(c.id());
        return new CaseNotifications(c.id(), c.caseNo(),
                consent == null ? null : new Consent(consent.agreed(), consent.statement(), consent.recordedBy(), consent.recordedAt()),
                notifications.findByCase(c.id()).stream().map(n -> new Notification(n.id(), n.source(), n.changeType(), n.label(),
                        Arrays.asList(n.fields().split(",")), n.purpose(), n.legalBasis(), n.state(),
                        NotificationState.LABELS.getOrDefault(n.state(), n.state()), n.reason(), n.attempts(), n.receiptNo(),
                        n.createdAt(), n.sentAt(), n.acknowledgedAt())).toList());
    }
}
