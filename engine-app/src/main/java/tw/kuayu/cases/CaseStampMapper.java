package tw.kuayu.cases;

import java.time.Instant;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/**
 * What of a case's view can change besides its own row and task rows, in one indexed read: evidence and opinions
 * are only added, a decision changes its status, signers and hash, eligibility and incidents come and go.
 * The case view's ETag ({@link CaseViews#etag}) is computed from it.
 */
@Mapper
public interface CaseStampMapper {

    record Stamp(long evidence, Instant evidenceAt, long opinions, long decisions, String decisionId, String decisionStatus,
                 String decisionSha256, Boolean eligible, String reason, long incidents, String incidentId) {
    }

    @Select("SELECT (SELECT COUNT(*) FROM kuayu_evidence WHERE case_id = #{caseId, jdbcType=VARCHAR}) AS evidence, "
            + "(SELECT MAX(fetched_at) FROM kuayu_evidence WHERE case_id = #{caseId, jdbcType=VARCHAR}) AS evidence_at, "
            + "(SELECT COUNT(*) FROM kuayu_opinion WHERE case_id = #{caseId, jdbcType=VARCHAR}) AS opinions, "
            + "(SELECT COUNT(*) FROM kuayu_decision WHERE case_id = #{caseId, jdbcType=VARCHAR}) AS decisions, "
            + "(SELECT MAX(id) FROM kuayu_decision WHERE case_id = #{caseId, jdbcType=VARCHAR} AND status <> 'discarded') AS decision_id, "
            + "(SELECT MAX(status) FROM kuayu_decision WHERE case_id = #{caseId, jdbcType=VARCHAR} AND status <> 'discarded') AS decision_status, "
            + "(SELECT MAX(sha256) FROM kuayu_decision WHERE case_id = #{caseId, jdbcType=VARCHAR} AND status <> 'discarded') AS decision_sha256, "
            + "(SELECT eligible FROM kuayu_case_eligibility WHERE process_instance_id = #{pid, jdbcType=VARCHAR}) AS eligible, "
            + "(SELECT reason FROM kuayu_case_eligibility WHERE process_instance_id = #{pid, jdbcType=VARCHAR}) AS reason, "
            + "(SELECT COUNT(*) FROM ACT_RU_INCIDENT WHERE PROC_INST_ID_ = #{pid, jdbcType=VARCHAR}) AS incidents, "
            + "(SELECT MAX(ID_) FROM ACT_RU_INCIDENT WHERE PROC_INST_ID_ = #{pid, jdbcType=VARCHAR}) AS incident_id")
    Stamp of(@Param("caseId") String caseId, @Param("pid") String processInstanceId);
}
