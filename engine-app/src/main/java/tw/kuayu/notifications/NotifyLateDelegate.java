package tw.kuayu.notifications;

import java.time.Clock;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.notifications.NotificationMapper.Notification;

/**
 * {@code ${notifyLate}}: an in-app notice that a joint-review step is at its deadline
 * ({@code noticeKind = reminder}, to the reviewing agency) or has been escalated to the
 * supervisor ({@code escalation}). Reads the local variables {@code noticeKind} and {@code noticeGroup}.
 * Also by e-mail ({@link MailNotices}): a reminder to the holder of the step (everyone in the group
 * while nobody has claimed it), an escalation to the supervisors' group.
 */
@Component("notifyLate")
public class NotifyLateDelegate implements JavaDelegate {

    private final NotificationMapper notifications;
    private final CaseMapper cases;
    private final Catalog catalog;
    private final Clock clock;
    private final MailNotices mail;

    public NotifyLateDelegate(NotificationMapper notifications, CaseMapper cases, Catalog catalog, Clock clock, MailNotices mail) {
        this.notifications = notifications;
        this.cases = cases;
        this.catalog = catalog;
        this.clock = clock;
        this.mail = mail;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String kind = (String) execution.getVariable("noticeKind");
        String group = (String) execution.getVariable("noticeGroup");
        CaseRecord c = cases.findById((String) execution.getVariable("caseId"));
        String typeName = catalog.caseType(c.caseType()).map(t -> t.name()).orElse(c.caseType());
        String message = "escalation".equals(kind)
                ? "案件 " + c.caseNo() + "（" + typeName + "）之會辦逾期未回復，已移請主管處理。"
                : "案件 " + c.caseNo() + "（" + typeName + "）之會辦已屆回復期限，請儘速表示意見。";
        notifications.insert(new Notification(UUID.randomUUID().toString(), c.id(), group, kind, message, clock.instant()));
        if ("escalation".equals(kind)) {
            mail.toGroup(group, c.id(), "逾期陳報：案件 " + c.caseNo() + " 會辦逾期未回復", message);
        } else {
            String subject = "催辦：案件 " + c.caseNo() + " 會辦已屆回復期限";
            java.util.List<String> holders = notifications.holders(c.id(), group);
            if (holders.isEmpty()) {
                mail.toGroup(group, c.id(), subject, message);
            } else {
                mail.toUsers(holders, c.id(), subject, message);
            }
        }
    }
}
