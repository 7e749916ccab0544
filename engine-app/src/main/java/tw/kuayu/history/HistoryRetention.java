package tw.kuayu.history;

import java.util.Objects;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Applies each case type's configured history time to live to every deployed version of its
 * process, at start. Idempotent (a definition that already has the value is left alone), so every
 * node of a cluster may run it. Called patterns (會辦, 會銜, 層轉) need no setting of their own: with
 * the removal-time strategy their history is removed with the root case's.
 */
@Component
@Order(10)
public class HistoryRetention implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);

    private final RepositoryService repository;
    private final RetentionProperties properties;

    public HistoryRetention(RepositoryService repository, RetentionProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        properties.caseTypes().forEach((type, retention) -> {
            if (retention.historyTimeToLive() != null && retention.processKey() != null) {
                apply(retention.processKey(), retention.historyTimeToLive());
            }
        });
    }

    void apply(String processKey, int days) {
        int changed = 0;
        for (ProcessDefinition definition : repository.createProcessDefinitionQuery().processDefinitionKey(processKey).list()) {
            if (!Objects.equals(definition.getHistoryTimeToLive(), days)) {
                repository.updateProcessDefinitionHistoryTimeToLive(definition.getId(), days);
                changed++;
            }
        }
        if (changed > 0) {
            log.info("History of {} kept {} days after a case ends ({} process versions updated)", processKey, days, changed);
        }
    }
}
