package tw.kuayu.connectors;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * What a source answered for one {@link EvidenceRequest}.
 *
 * @param source       the connector's source key, e.g. {@code household}
 * @param sourceAgency the agency that holds the data, in zh-TW, e.g. 內政部戶政司
 * @param recordType   the record type asked for
 * @param found        false when the source holds no record for the applicant (a valid answer, not a failure)
 * @param data         the returned fields only (already minimised to the requested fields); empty when not found
 * @param fetchedAt    when Kuayu received the answer (UTC)
 * @param asOf         the date the source's data is current as of (batch sources lag behind)
 * @param sha256       hex SHA-256 over the canonical JSON of {@code data}; the integrity mark shown with the evidence
 */
public record EvidenceRecord(
        String source,
        String sourceAgency,
        String recordType,
        boolean found,
        Map<String, Object> data,
        Instant fetchedAt,
        LocalDate asOf,
        String sha256) {
}
