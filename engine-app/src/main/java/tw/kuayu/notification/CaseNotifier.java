package tw.kuayu.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.casetype.CatalogProperties.CaseType;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.connectors.ConnectorRegistry;
import tw.kuayu.decision.DecisionIssued;
import tw.kuayu.notification.ChangeNotificationMapper.ConsentRow;
import tw.kuayu.notification.ChangeNotificationMapper.StoredNotification;
import tw.kuayu.notification.NotificationRules.NotificationSpec;

/**
 * When a decision is issued, records one notification (通報) per source the case type names for
 * the outcome and starts process {@value #PROCESS_KEY} for each, in the issuing transaction: the
 * engine then delivers it as a job with retries. Without the applicant's consent, or without
 * anything to send, the notification is recorded as withheld with the reason, and nothing is sent.
 */
@Component
public class CaseNotifier {

    public static final String PROCESS_KEY = "kuayu-notification";

    private static final Logger log = LoggerFactory.getLogger(CaseNotifier.class);

    private final NotificationRules rules;
    private final ChangeNotificationMapper notifications;
    private final CaseMapper cases;
    private final ConnectorRegistry connectors;
    private final NotificationData data;
    private final RuntimeService runtime;
    private final Clock clock;

    public CaseNotifier(NotificationRules rules, ChangeNotificationMapper notifications, CaseMapper cases, ConnectorRegistry connectors,
                        NotificationData data, RuntimeService runtime, Clock clock, Catalog catalog) {
        check(rules, catalog);
        this.rules = rules;
        this.notifications = notifications;
        this.cases = cases;
        this.connectors = connectors;
        this.data = data;
        this.runtime = runtime;
        this.clock = clock;
    }

    /** A mistyped rule fails the start, not a case months later. */
    static void check(NotificationRules rules, Catalog catalog) {
        rules.caseTypes().forEach((type, typeRules) -> {
            for (NotificationSpec spec : typeRules.notifications()) {
                String where = "kuayu.case-types." + type + ".notifications[" + spec.change() + "]: ";
                CaseType caseType = catalog.caseType(type).orElse(null);
                if (caseType == null) {
                    throw new IllegalStateException(where + "no such case type");
                }
                if (!"approved".equals(spec.when()) && !"rejected".equals(spec.when())) {
                    throw new IllegalStateException(where + "when must be approved or rejected, not " + spec.when());
                }
                if (spec.change() == null || spec.label() == null || spec.purpose() == null || spec.legalBasis() == null
                        || spec.data().isEmpty() || spec.sources().isEmpty()) {
                    throw new IllegalStateException(where + "change, label, data, sources, purpose and legal-basis are required");
                }
                for (String field : spec.data()) {
                    if (caseType.dataFields().stream().noneMatch(f -> f.name().equals(field))) {
                        throw new IllegalStateException(where + "the case type has no data field " + field);
                    }
                }
                for (String source : spec.sources()) {
                    if (!ConnectorRegistry.FACTORIES.containsKey(source)) {
                        throw new IllegalStateException(where + "unknown source " + source + "; known: " + ConnectorRegistry.FACTORIES.keySet());
                    }
                }
            }
        });
    }

    @EventListener
    public void decided(DecisionIssued decision) {
        CaseRecord c = cases.findById(decision.caseId());
        List<NotificationSpec> specs = c == null ? List.of() : rules.of(c.caseType(), decision.outcome());
        if (specs.isEmpty()) {
            return;
        }
        ConsentRow consent = notifications.consent(c.id());
        Instant now = clock.instant();
        for (NotificationSpec spec : specs) {
            Map<String, String> values = data.of(c, spec.data());
            for (String source : spec.sources()) {
                if (notifications.count(c.id(), source, spec.change()) > 0) {
                    continue; // the decision was issued again by a retried job
                }
                String withheld = consent == null ? "申請人未表示是否同意通報（收件時未記錄同意），依個人資料保護法未予通報。"
                        : !consent.agreed() ? "申請人不同意將本案異動通報相關機關，未予通報。"
                        : values.isEmpty() ? "本案無可通報之異動資料（" + String.join("、", spec.data()) + " 皆未填寫），未予通報。"
                        : connectors.find(source).isEmpty() ? "本系統未設定資料來源「" + source + "」之連線，未予通報；請資訊單位設定後重新通報。"
                        : null;
                StoredNotification row = new StoredNotification(UUID.randomUUID().toString(), c.id(), c.caseNo(), source, spec.change(),
                        spec.label(), String.join(",", spec.data()), spec.purpose(), spec.legalBasis(),
                        withheld == null ? NotificationState.PENDING : NotificationState.WITHHELD, withheld, 0, null, now, null, null, null);
                notifications.insert(row);
                if (withheld == null) {
                    String instance = runtime.startProcessInstanceByKey(PROCESS_KEY, Map.of("notificationId", row.id(),
                            "caseId", c.id(), "caseNo", c.caseNo())).getId();
                    notifications.setProcessInstance(row.id(), instance);
                }
                log.info("notification {} of case {} to {}: {}", spec.change(), c.caseNo(), source, row.state());
            }
        }
    }
}
