package tw.kuayu.sla;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tw.kuayu.decision.DecisionIssued;
import tw.kuayu.sla.SlaRollupMapper.CaseFacts;
import tw.kuayu.sla.SlaRollupMapper.TaskFacts;

/**
 * Keeps the SLA rollup read model (changelog 018, decision 027) in the caller's transaction: intake adds the case
 * to its day of receipt, closing adds its outcome, completing a task adds its holding time to its step. Each is an
 * {@code UPDATE ... SET n = n + ?} on the one row of the day, agency and case type; a missing row is first inserted
 * with zeros under a savepoint, and a concurrent transaction that inserted it first (duplicate key) is tolerated by
 * rolling back to the savepoint, so two nodes closing cases of the same day lose no update. A zero row left by a
 * transaction that rolled back counts nothing.
 */
@Service
public class SlaRollup {

    /** The step rollup's agency for a task without one (a key column cannot be null). */
    public static final String NO_AGENCY = "-";

    private final SlaRollupMapper rollup;
    private final TransactionTemplate savepoint;

    public SlaRollup(SlaRollupMapper rollup, PlatformTransactionManager transactions) {
        this.rollup = rollup;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** A case was filed: counted as received on its day (with its outcome if it is written already closed). */
    public void received(String caseId) {
        CaseFacts facts = rollup.caseFacts(caseId);
        if (rollup.addToDay(facts, 1) == 0) {
            insertMissing(() -> rollup.insertDay(facts));
            rollup.addToDay(facts, 1);
        }
    }

    /** A filed case was closed (decided or withdrawn): its outcome is added to its day of receipt. Call once per case. */
    public void closed(String caseId) {
        CaseFacts facts = rollup.caseFacts(caseId);
        if (rollup.addToDay(facts, 0) == 0) {
            insertMissing(() -> rollup.insertDay(facts));
            rollup.addToDay(facts, 0);
        }
    }

    /** A decision was issued: the case was closed in the same transaction (DecisionIssuer publishes this after closing). */
    @EventListener
    public void decided(DecisionIssued decision) {
        closed(decision.caseId());
    }

    /** A task was completed (its row ended as completed): its count, lateness and holding time are added. */
    public void taskCompleted(String taskId) {
        TaskFacts facts = rollup.taskFacts(taskId);
        if (facts == null) {
            return;
        }
        if (rollup.addToStep(facts) == 0) {
            insertMissing(() -> rollup.insertStep(facts));
            rollup.addToStep(facts);
        }
    }

    private void insertMissing(Runnable insert) {
        savepoint.executeWithoutResult(status -> {
            try {
                insert.run();
            } catch (DuplicateKeyException raced) {
                // another transaction inserted the row first; PostgreSQL needs the savepoint to go on after the error
                status.setRollbackOnly();
            }
        });
    }
}
