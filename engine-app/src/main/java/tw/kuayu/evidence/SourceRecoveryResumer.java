package tw.kuayu.evidence;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tw.kuayu.connectors.ConnectorException;
import tw.kuayu.connectors.ConnectorRegistry;

/**
 * Resumes cases by themselves when an agency is back: every {@code kuayu.connectors.resume-interval}
 * it probes each source that has cases waiting with an incident (a health check, no personal data,
 * past the circuit breaker) and, when the source answers, gives those jobs their retries back
 * ({@code kuayu.connectors.resume-retries}), due at once; the job executor then runs them and the incident is
 * resolved. Nothing is probed while no case waits.
 */
@Component
class SourceRecoveryResumer {

    private static final Logger log = LoggerFactory.getLogger(SourceRecoveryResumer.class);

    private final WaitingLookups waiting;
    private final ConnectorRegistry connectors;
    private final ManagementService management;
    private final ExternalTaskService externalTasks;
    private final int retries;

    SourceRecoveryResumer(WaitingLookups waiting, ConnectorRegistry connectors, ManagementService management,
                          ExternalTaskService externalTasks, ConnectorProperties properties) {
        this.waiting = waiting;
        this.connectors = connectors;
        this.management = management;
        this.externalTasks = externalTasks;
        this.retries = properties.resumeRetries();
    }

    @Scheduled(initialDelayString = "${kuayu.connectors.resume-interval:1m}", fixedDelayString = "${kuayu.connectors.resume-interval:1m}")
    void resumeRecoveredSources() {
        try {
            waiting.bySource().forEach((source, jobIds) -> {
                if (healthy(source, jobIds.size())) {
                    // due now: the last failure put the job's due date one retry interval ahead
                    management.setJobRetries(retries).jobIds(jobIds).dueDate(ClockUtil.getCurrentTime()).execute();
                    log.info("source {} answers again: resumed {} waiting evidence jobs", source, jobIds.size());
                }
            });
            waiting.externalTasksBySource().forEach((source, taskIds) -> {
                if (healthy(source, taskIds.size())) {
                    // the evidence workers fetch them again once their last retry timeout is over
                    externalTasks.setRetries(taskIds, retries);
                    log.info("source {} answers again: resumed {} waiting evidence tasks of the external workers", source, taskIds.size());
                }
            });
        } catch (RuntimeException e) {
            log.warn("resuming cases waiting on agency sources failed; trying again at the next interval", e);
        }
    }

    private boolean healthy(String source, int waitingCases) {
        if (connectors.find(source).isEmpty()) {
            return false;
        }
        try {
            connectors.get(source).probe();
            return true;
        } catch (ConnectorException e) {
            log.debug("source {} still unavailable ({} cases waiting): {}", source, waitingCases, e.kind());
            return false;
        }
    }
}
