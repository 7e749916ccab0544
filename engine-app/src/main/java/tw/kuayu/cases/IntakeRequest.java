package tw.kuayu.cases;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * {@code POST /api/cases}: {"caseType": "...", "applicant": {"nationalId": "...", "name": "..."}, "data": {...}}
 * and, optionally, {"consent": {"notification": true, "statement": "..."}}: whether the applicant agreed that
 * the changes the case makes are notified (通報) to the related agencies.
 */
public record IntakeRequest(String caseType, Applicant applicant, Map<String, Object> data,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Consent consent) {

    public record Applicant(String nationalId, String name) {
    }

    /**
     * The applicant's recorded consent to 通報.
     *
     * @param notification true: agreed; false: refused (no notification is sent)
     * @param statement    how it was given, e.g. 申請書第3欄勾選同意 (optional)
     */
    public record Consent(Boolean notification, String statement) {
    }
}
