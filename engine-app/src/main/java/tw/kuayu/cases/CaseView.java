package tw.kuayu.cases;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import tw.kuayu.tasks.Worklist.TaskItem;

/** {@code GET /api/cases/{id}}. */
public record CaseView(
        String id,
        String caseNo,
        String caseType,
        String caseTypeName,
        String ownerAgency,
        String status,
        Applicant applicant,
        Map<String, Object> data,
        Instant receivedAt,
        Instant dueAt,
        Instant closedAt,
        Eligibility eligibility,
        List<Evidence> evidence,
        List<Opinion> opinions,
        List<TaskItem> tasks,
        List<Problem> problems,
        Decision decision) {

    /** The applicant, with the national ID masked (A12****789). */
    public record Applicant(String name, String nationalId) {
    }

    public record Eligibility(Boolean eligible, String reason) {
    }

    /** A fetched record with its source, time and integrity mark, shown like a stamped transcript. */
    public record Evidence(String source, String sourceAgency, String recordType, boolean found, Map<String, Object> data,
                           Instant fetchedAt, LocalDate asOf, String sha256) {
    }

    public record Opinion(String step, String stepName, String agency, String userId, String action, String opinion, Instant at) {
    }

    /** Why a case is not moving, e.g. an agency source that is down (a Camunda incident). */
    public record Problem(String step, String message, Instant since) {
    }

    public record Decision(String documentNo, String outcome, String reason, Instant issuedAt, String status, List<String> signers,
                           String sha256, String pdf) {
    }
}
