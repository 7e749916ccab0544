package tw.kuayu.sla;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tw.kuayu.casetype.Catalog;

/**
 * Timer {@code kuayu.task.duration} tagged {@code step} and {@code agency}: how long a user task
 * was open, recorded when it is completed, after the engine's transaction commits (a completion
 * the read model refuses is not counted).
 */
@Component
public class TaskDurationTimer {

    private final MeterRegistry registry;
    private final Clock clock;

    public TaskDurationTimer(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @EventListener(condition = "#task.eventName == 'complete'")
    public void completed(DelegateTask task) {
        if (task.getCreateTime() == null || task.getVariable("caseId") == null) {
            return;
        }
        Duration open = Duration.between(task.getCreateTime().toInstant(), clock.instant());
        String step = task.getTaskDefinitionKey();
        String agency = task.getCandidates().stream()
                .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
                .map(IdentityLink::getGroupId).map(Catalog::agencyOfGroup).findFirst().orElse("none");
        Runnable record = () -> Timer.builder("kuayu.task.duration").description("How long user tasks were open, per step and agency")
                .tags("step", step, "agency", agency).register(registry).record(open.isNegative() ? Duration.ZERO : open);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    record.run();
                }
            });
        } else {
            record.run();
        }
    }
}
