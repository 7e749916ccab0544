package tw.kuayu.audit;

import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.audit.DataAccessLogMapper.ChainRow;
import tw.kuayu.audit.DataAccessLogMapper.DataAccessEntry;

/**
 * Appends to the data-access log in its own transaction: a lookup that happened stays logged
 * even when the step that made it fails and rolls back. Each entry is linked into the hash chain
 * by {@link HashChains}.
 */
@Component
public class DataAccessLog {

    /** Outcomes of a lookup. */
    public static final String FOUND = "found";
    public static final String NO_RECORD = "no-record";
    public static final String FAILED = "failed";
    public static final String REFUSED = "refused";

    /** Longest detail kept; the column is varchar(1000), which Oracle counts in bytes (3 per Chinese character). */
    static final int MAX_DETAIL = 300;

    private final DataAccessLogMapper mapper;
    private final HashChains chains;

    public DataAccessLog(DataAccessLogMapper mapper, HashChains chains) {
        this.mapper = mapper;
        this.chains = chains;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void append(DataAccessEntry entry) {
        DataAccessEntry stored = storable(entry);
        chains.append(HashChains.DATA_ACCESS, seq -> ChainHash.canonical(seq, stored), link -> {
            mapper.insert(stored, link.seq(), link.prevHash(), link.entryHash());
            return true;
        });
    }

    /** Links an entry written outside the chain (before it existed) as the chain's next entry, as it is stored. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void seal(ChainRow row) {
        chains.append(HashChains.DATA_ACCESS, seq -> ChainHash.canonical(seq, row.entry()),
                link -> mapper.seal(row.id(), link.seq(), link.prevHash(), link.entryHash()) == 1);
    }

    /**
     * The entry as the database will give it back, so the hash stays verifiable: times to the
     * millisecond (every supported database keeps at least that), no empty detail (Oracle stores '' as NULL).
     */
    static DataAccessEntry storable(DataAccessEntry e) {
        String detail = e.detail() == null || e.detail().isEmpty() ? null
                : e.detail().length() > MAX_DETAIL ? e.detail().substring(0, MAX_DETAIL - 1) + "…" : e.detail();
        return new DataAccessEntry(e.id(), e.occurredAt().truncatedTo(ChronoUnit.MILLIS), e.caseId(), e.caseNo(), e.userId(),
                e.agency(), e.applicantMasked(), e.source(), e.recordType(), e.fields(), e.purpose(), e.legalBasis(), e.outcome(),
                detail, e.latencyMs());
    }
}
