package tw.kuayu.audit;

import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.audit.AuditEventMapper.AuditEvent;

/**
 * Appends to the audit-event log, hash-chained like the data-access log ({@link HashChains}). Unlike a lookup, an event is written in the
 * transaction of the act it records: a revocation and its audit entry commit together or not at all.
 */
@Component
public class AuditEvents {

    /** An issued decision was revoked (撤銷); subject: its document number, detail: the reason. */
    public static final String DECISION_REVOKED = "decision-revoked";

    static final int MAX_DETAIL = 2000;

    private final AuditEventMapper mapper;
    private final HashChains chains;

    public AuditEvents(AuditEventMapper mapper, HashChains chains) {
        this.mapper = mapper;
        this.chains = chains;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void append(AuditEvent event) {
        AuditEvent stored = storable(event);
        chains.append(HashChains.EVENTS, seq -> ChainHash.canonical(seq, stored), link -> {
            mapper.insert(stored, link.seq(), link.prevHash(), link.entryHash());
            return true;
        });
    }

    /** As the database gives it back, so the hash stays verifiable: milliseconds, no empty detail. */
    static AuditEvent storable(AuditEvent e) {
        String detail = e.detail() == null || e.detail().isEmpty() ? null
                : e.detail().length() > MAX_DETAIL ? e.detail().substring(0, MAX_DETAIL - 1) + "…" : e.detail();
        return new AuditEvent(e.id(), e.occurredAt().truncatedTo(ChronoUnit.MILLIS), e.type(), e.userId(), e.agency(), e.caseId(),
                e.caseNo(), e.subject(), detail);
    }
}
