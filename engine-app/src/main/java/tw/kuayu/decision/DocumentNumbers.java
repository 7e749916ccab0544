package tw.kuayu.decision;

import java.time.Clock;
import org.springframework.stereotype.Component;
import tw.kuayu.OwnTransaction;
import tw.kuayu.cases.Counters;

/**
 * Document numbers (發文字號) for decisions, reserved per case in a short transaction of their own
 * (decision 036). Before, the agency's counter row stayed locked from numbering until the decision
 * job committed — through rendering and signing — so one agency's decisions were issued strictly one
 * after the other, whatever the number of nodes. A reservation that no decision uses yet (its job failed
 * and will be retried) is taken again by the case's next attempt, so a failed job leaves no gap.
 */
@Component
public class DocumentNumbers {

    private final DocumentNumberMapper reservations;
    private final Counters counters;
    private final OwnTransaction ownTransaction;
    private final Clock clock;

    public DocumentNumbers(DocumentNumberMapper reservations, Counters counters, OwnTransaction ownTransaction, Clock clock) {
        this.reservations = reservations;
        this.counters = counters;
        this.ownTransaction = ownTransaction;
        this.clock = clock;
    }

    /** The number the case's next decision of this agency carries: an unused reservation of the case, or a new one. */
    public String forDecision(String caseId, String agencyCode, String prefix) {
        String unused = reservations.unused(caseId, agencyCode);
        if (unused != null) {
            return unused;
        }
        counters.ensureDocumentCounter(agencyCode); // so that the reservation below needs no third connection
        return ownTransaction.execute(status -> {
            String documentNo = counters.nextDocumentNo(agencyCode, prefix);
            reservations.reserve(documentNo, caseId, agencyCode, clock.instant());
            return documentNo;
        });
    }
}
