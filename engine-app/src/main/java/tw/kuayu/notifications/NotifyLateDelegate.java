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
 */
@Component("notifyLate")
public class NotifyLateDelegate implements JavaDelegate {

    private final NotificationMapper notifications;
    private final CaseMapper cases;
    private final Catalog catalog;
    private final Clock clock;

    public NotifyLateDelegate(NotificationMapper notifications, CaseMapper cases, Catalog catalog, Clock clock) {
        this.notifications = notifications;
        this.cases = cases;
        this.catalog = catalog;
        this.clock = clock;
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
    }
}
