package tw.kuayu.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tw.kuayu.OwnTransaction;
import tw.kuayu.audit.DataAccessLog;
import tw.kuayu.audit.DataAccessLogMapper.DataAccessEntry;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.connectors.AgencyConnector;
import tw.kuayu.connectors.ChangeNotification;
import tw.kuayu.connectors.ConnectorException;
import tw.kuayu.connectors.ConnectorRegistry;
import tw.kuayu.connectors.NationalId;
import tw.kuayu.connectors.NotificationReceipt;
import tw.kuayu.notification.ChangeNotificationMapper.StoredNotification;

/**
 * {@code ${sendNotification}}: delivers one notification through its source's connector. The state
 * is written in its own transaction, so a failed attempt stays visible while the job is retried;
 * every attempt is one entry in the data-access log (record type {@code notify:<change>}). A source
 * that took the notification but has not acknowledged it yet fails the job too: the engine asks
 * again later with the same notification id, and the source answers the same receipt.
 */
@Component("sendNotification")
public class SendNotificationDelegate implements JavaDelegate {

    /** Audit outcome of a delivered notification; failures use the lookup outcomes failed / refused. */
    public static final String NOTIFIED = "notified";
    public static final String RECORD_TYPE_PREFIX = "notify:";

    private static final Logger log = LoggerFactory.getLogger(SendNotificationDelegate.class);

    private final ChangeNotificationMapper notifications;
    private final CaseMapper cases;
    private final NotificationData data;
    private final ConnectorRegistry connectors;
    private final DataAccessLog accessLog;
    private final Clock clock;
    private final OwnTransaction ownTransaction;

    public SendNotificationDelegate(ChangeNotificationMapper notifications, CaseMapper cases, NotificationData data,
                                    ConnectorRegistry connectors, DataAccessLog accessLog, Clock clock,
                                    OwnTransaction ownTransaction) {
        this.notifications = notifications;
        this.cases = cases;
        this.data = data;
        this.connectors = connectors;
        this.accessLog = accessLog;
        this.clock = clock;
        this.ownTransaction = ownTransaction;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String id = (String) execution.getVariable("notificationId");
        StoredNotification n = notifications.find(id);
        if (n == null || NotificationState.ACKNOWLEDGED.equals(n.state())) {
            return;
        }
        CaseRecord c = cases.findById(n.caseId());
        Map<String, String> values = data.of(c, java.util.List.of(n.fields().split(",")));
        ChangeNotification change = new ChangeNotification(n.id(), c.caseNo(), c.applicantNationalId(), n.changeType(), values,
                n.purpose(), n.legalBasis(), c.ownerAgency());
        Instant started = clock.instant();
        ownTransaction.executeWithoutResult(s -> notifications.sending(id, started));
        try {
            AgencyConnector connector = connectors.find(n.source()).orElseThrow(() -> new ConnectorException(n.source(),
                    ConnectorException.Kind.REFUSED, "本系統未設定資料來源「" + n.source() + "」之連線，請資訊單位設定後於 Cockpit 重試"));
            NotificationReceipt receipt = connector.notify(change);
            audit(n, c, started, NOTIFIED, "收文號 " + receipt.receiptNo() + (receipt.acknowledged() ? "，已受理" : "，待受理"));
            if (!receipt.acknowledged()) {
                String waiting = "來源機關已收件（收文號 " + receipt.receiptNo() + "）但尚未受理，系統將再確認";
                ownTransaction.executeWithoutResult(s -> notifications.answered(id, NotificationState.SENT, receipt.receiptNo(), null, waiting));
                throw new NotYetAcknowledged(n.source(), waiting);
            }
            ownTransaction.executeWithoutResult(s -> notifications.answered(id, NotificationState.ACKNOWLEDGED, receipt.receiptNo(),
                    receipt.acknowledgedAt(), null));
            log.info("notification {} of case {} acknowledged by {} (receipt {})", n.changeType(), c.caseNo(), n.source(),
                    receipt.receiptNo());
        } catch (ConnectorException e) {
            boolean queued = e instanceof NotYetAcknowledged;
            if (!queued) {
                audit(n, c, started, e.retryable() ? DataAccessLog.FAILED : DataAccessLog.REFUSED, e.getMessage());
            }
            boolean last = !e.retryable() || retriesLeft(execution) <= 1;
            String state = last ? NotificationState.FAILED : queued ? NotificationState.SENT : NotificationState.PENDING;
            ownTransaction.executeWithoutResult(s -> notifications.attemptFailed(id, state, e.getMessage()));
            log.warn("notification {} of case {} to {} (applicant {}) failed{}: {}", n.changeType(), c.caseNo(), n.source(),
                    NationalId.mask(c.applicantNationalId()), last ? " for good" : "", e.getMessage());
            throw e;
        }
    }

    /** The source queued the notification but has not acknowledged it: ask again later. */
    static final class NotYetAcknowledged extends ConnectorException {
        NotYetAcknowledged(String source, String message) {
            super(source, Kind.UNAVAILABLE, message);
        }
    }

    /** Retries the current job has before this attempt; the last one going wrong means failed. */
    private static int retriesLeft(DelegateExecution execution) {
        Job job = execution.getProcessEngineServices().getManagementService().createJobQuery()
                .processInstanceId(execution.getProcessInstanceId()).singleResult();
        return job == null ? 0 : job.getRetries();
    }

    private void audit(StoredNotification n, CaseRecord c, Instant started, String outcome, String detail) {
        accessLog.append(new DataAccessEntry(UUID.randomUUID().toString(), started, c.id(), c.caseNo(), c.createdBy(),
                c.ownerAgency(), NationalId.mask(c.applicantNationalId()), n.source(), RECORD_TYPE_PREFIX + n.changeType(),
                n.fields(), n.purpose(), n.legalBasis(), outcome, detail, Duration.between(started, clock.instant()).toMillis()));
    }
}
