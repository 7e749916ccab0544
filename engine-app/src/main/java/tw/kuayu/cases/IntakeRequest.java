package tw.kuayu.cases;

import java.util.Map;

/** {@code POST /api/cases}: {"caseType": "...", "applicant": {"nationalId": "...", "name": "..."}, "data": {...}}. */
public record IntakeRequest(String caseType, Applicant applicant, Map<String, Object> data) {

    public record Applicant(String nationalId, String name) {
    }
}
