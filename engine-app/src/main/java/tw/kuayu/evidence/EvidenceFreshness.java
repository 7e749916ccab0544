package tw.kuayu.evidence;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Whether a record is recent enough for the case type: sources fed by batch files (local tax
 * offices deliver monthly) answer with data as of an earlier day, and a case type may say how
 * old its evidence may be ({@code max-age-days} on the evidence entry).
 */
final class EvidenceFreshness {

    private EvidenceFreshness() {
    }

    /** Days by which the record is too old, or 0 when it may be used. */
    static long daysTooOld(LocalDate asOf, Integer maxAgeDays, LocalDate today) {
        if (asOf == null || maxAgeDays == null) {
            return 0;
        }
        return Math.max(0, ChronoUnit.DAYS.between(asOf, today) - maxAgeDays);
    }
}
