package tw.kuayu.notification;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What each case type notifies (通報) when its decision is issued, from the {@code notifications}
 * list of a case type in {@code kuayu-case-types.yaml}. Bound on its own, beside the catalog, so
 * the catalog's shape stays as it is.
 */
@ConfigurationProperties("kuayu")
public record NotificationRules(Map<String, CaseTypeRules> caseTypes) {

    public NotificationRules {
        caseTypes = caseTypes == null ? Map.of() : Map.copyOf(caseTypes);
    }

    public record CaseTypeRules(List<NotificationSpec> notifications) {
        public CaseTypeRules {
            notifications = notifications == null ? List.of() : List.copyOf(notifications);
        }
    }

    /**
     * One change a decision makes and the sources told about it.
     *
     * @param when       the decision outcome that makes the change: {@code approved} or {@code rejected}
     * @param change     what changes, e.g. {@code residence-address}; the source's name for the change
     * @param label      zh-TW, shown to caseworkers and auditors
     * @param data       the application's data fields sent, and no others (比例原則)
     * @param sources    the agency sources told, each through its connector
     * @param purpose    why they are told
     * @param legalBasis what allows it (the applicant's consent and the statute)
     */
    public record NotificationSpec(String when, String change, String label, List<String> data, List<String> sources,
                                   String purpose, String legalBasis) {
        public NotificationSpec {
            data = data == null ? List.of() : List.copyOf(data);
            sources = sources == null ? List.of() : List.copyOf(sources);
        }
    }

    /** The notifications a case type sends for a decision outcome. */
    public List<NotificationSpec> of(String caseType, String outcome) {
        CaseTypeRules rules = caseTypes.get(caseType);
        return rules == null ? List.of() : rules.notifications().stream().filter(n -> outcome.equals(n.when())).toList();
    }
}
