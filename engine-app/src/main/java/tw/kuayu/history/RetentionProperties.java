package tw.kuayu.history;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long the engine keeps the history of a case type's process instances, from
 * {@code kuayu.case-types.<type>.history-time-to-live} (days) in {@code kuayu-case-types.yaml}.
 * Only Camunda's history (ACT_HI_*) is cleaned; Kuayu's cases, decisions and audit log are kept.
 */
@ConfigurationProperties("kuayu")
public record RetentionProperties(Map<String, Retention> caseTypes) {

    public RetentionProperties {
        caseTypes = caseTypes == null ? Map.of() : Map.copyOf(caseTypes);
    }

    /** @param historyTimeToLive days after a case's process ends before its engine history is removed; null: the model's own */
    public record Retention(String processKey, Integer historyTimeToLive) {
    }
}
