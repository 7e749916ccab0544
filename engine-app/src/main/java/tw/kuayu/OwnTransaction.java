package tw.kuayu;

import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Work that commits on its own, whatever becomes of the caller's transaction (REQUIRES_NEW): a lookup's
 * evidence row, a reserved document number, a notification's state, a new counter row. Called from a
 * job, it holds a second database connection while the job holds its first; that is why the pool must
 * be larger than the job executor's threads ({@link tw.kuayu.workflow.ConnectionBudget}, decision 035).
 */
@Component
public class OwnTransaction {

    private final TransactionTemplate template;

    public OwnTransaction(PlatformTransactionManager transactions) {
        this.template = new TransactionTemplate(transactions);
        this.template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public <T> T execute(TransactionCallback<T> work) {
        return template.execute(work);
    }

    public void executeWithoutResult(Consumer<TransactionStatus> work) {
        template.executeWithoutResult(work);
    }
}
