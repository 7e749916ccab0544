package tw.kuayu.cases;

import java.time.Instant;

/** A row of {@code kuayu_case}. */
public record CaseRecord(
        String id,
        String caseNo,
        String caseType,
        String ownerAgency,
        String status,
        String applicantNationalId,
        String applicantName,
        String dataJson,
        String processInstanceId,
        Instant receivedAt,
        Instant dueAt,
        Instant closedAt,
        String createdBy,
        String idempotencyKey,
        String requestHash) {
}
