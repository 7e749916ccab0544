package tw.kuayu.cases;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import tw.kuayu.OwnTransaction;

/**
 * Gap-free numbers per agency and ROC year for case numbers (案號) and document numbers (發文字號).
 * The counter row is locked by the caller's transaction until it commits, so a rolled-back intake
 * does not burn a number. Document numbers are taken through {@link tw.kuayu.decision.DocumentNumbers},
 * which reserves them per case in a short transaction of their own.
 */
@Component
public class Counters {

    public static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    private final CounterMapper mapper;
    private final OwnTransaction ownTransaction;
    private final Clock clock;

    public Counters(CounterMapper mapper, OwnTransaction ownTransaction, Clock clock) {
        this.mapper = mapper;
        this.ownTransaction = ownTransaction;
        this.clock = clock;
    }

    /** The ROC (民國) year of today in Taipei. */
    public int rocYear() {
        return LocalDate.now(clock.withZone(TAIPEI)).getYear() - 1911;
    }

    public long next(String key) {
        if (mapper.increment(key) == 0) {
            create(key);
            mapper.increment(key);
        }
        return mapper.current(key);
    }

    /**
     * Creates the row in its own transaction: a duplicate from a concurrent creator must not abort the
     * caller's transaction (PostgreSQL would).
     */
    private void create(String key) {
        try {
            ownTransaction.executeWithoutResult(status -> mapper.create(key));
        } catch (DataIntegrityViolationException alreadyCreated) {
            // another request created it first; fine
        }
    }

    /**
     * Makes sure this year's document-number counter of the agency exists, so that numbering in a
     * transaction of the caller's own then only increments it (and needs no further connection).
     */
    public void ensureDocumentCounter(String agencyCode) {
        String key = documentKey(agencyCode);
        if (mapper.count(key) == 0) {
            create(key);
        }
    }

    private String documentKey(String agencyCode) {
        return "DOC:" + agencyCode + ":" + rocYear();
    }

    /** A case number people can read out on the phone, e.g. {@code 115-TAX-000123}. */
    public String nextCaseNo(String agencyCode) {
        int year = rocYear();
        return String.format("%d-%s-%06d", year, agencyCode, next("CASE:" + agencyCode + ":" + year));
    }

    /** A document number (發文字號), e.g. {@code 北市稽財字第1150000123號}. */
    public String nextDocumentNo(String agencyCode, String prefix) {
        int year = rocYear();
        return String.format("%s第%d%07d號", prefix, year, next(documentKey(agencyCode)));
    }
}
