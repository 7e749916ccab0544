package tw.kuayu.decision;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * Decision rows. A case has at most one current decision (not discarded); discarded co-signing
 * drafts stay in the table for audit and are never served.
 */
@Mapper
public interface DecisionMapper {

    String COLUMNS = "id, case_id, document_no, outcome, reason, issued_at, status, signers, sha256, required_signers";

    /**
     * The decision without its PDF bytes.
     *
     * @param signers         the agencies that have signed, in signing order, comma-separated
     * @param requiredSigners every agency that signs, in signing order (the deciding agency first)
     */
    record DecisionInfo(String id, String caseId, String documentNo, String outcome, String reason, Instant issuedAt,
                        String status, String signers, String sha256, String requiredSigners) {

        public List<String> signerList() {
            return split(signers);
        }

        public List<String> requiredSignerList() {
            return split(requiredSigners);
        }

        /** The agency that decided and issued it (the first to sign). */
        public String decidingAgency() {
            return requiredSignerList().get(0);
        }

        private static List<String> split(String list) {
            return list == null || list.isBlank() ? List.of() : Arrays.asList(list.split(","));
        }
    }

    @Insert("INSERT INTO kuayu_decision (" + COLUMNS + ", pdf) "
            + "VALUES (#{info.id}, #{info.caseId}, #{info.documentNo}, #{info.outcome}, #{info.reason}, #{info.issuedAt}, "
            + "#{info.status}, #{info.signers}, #{info.sha256}, #{info.requiredSigners}, #{pdf})")
    void insert(@Param("info") DecisionInfo info, @Param("pdf") byte[] pdf);

    /** The case's current decision (issued or awaiting co-signers), not a discarded draft. */
    @Select("SELECT " + COLUMNS + " FROM kuayu_decision WHERE case_id = #{caseId} AND status <> 'discarded'")
    DecisionInfo findByCase(String caseId);

    /** Every decision of the case, discarded drafts included, oldest first. */
    @Select("SELECT " + COLUMNS + " FROM kuayu_decision WHERE case_id = #{caseId} ORDER BY issued_at, id")
    List<DecisionInfo> findAllByCase(String caseId);

    @Select("SELECT " + COLUMNS + " FROM kuayu_decision WHERE id = #{id}")
    DecisionInfo findById(String id);

    @Select("SELECT " + COLUMNS + " FROM kuayu_decision WHERE sha256 = #{sha256}")
    DecisionInfo findBySha256(String sha256);

    @Select("SELECT " + COLUMNS + " FROM kuayu_decision WHERE document_no = #{documentNo}")
    DecisionInfo findByDocumentNo(String documentNo);

    /**
     * Locks the decision row until the transaction ends, so that co-signers signing in parallel add
     * their signatures one after the other instead of each to the same older file.
     */
    @Select("SELECT id FROM kuayu_decision WHERE id = #{id} FOR UPDATE")
    String lock(String id);

    /** The stored file (a byte[] return type would be read by MyBatis as one row per byte). */
    record StoredPdf(byte[] pdf) {
    }

    /** The current decision's file. */
    @Select("SELECT pdf FROM kuayu_decision WHERE case_id = #{caseId} AND status <> 'discarded'")
    StoredPdf pdf(String caseId);

    @Select("SELECT pdf FROM kuayu_decision WHERE id = #{id}")
    StoredPdf pdfById(String id);

    @Update("UPDATE kuayu_decision SET pdf = #{pdf}, sha256 = #{sha256}, signers = #{signers}, status = #{status} "
            + "WHERE id = #{id}")
    void signed(@Param("id") String id, @Param("pdf") byte[] pdf, @Param("sha256") String sha256,
                @Param("signers") String signers, @Param("status") String status);

    @Update("UPDATE kuayu_decision SET status = #{status} WHERE id = #{id}")
    void setStatus(@Param("id") String id, @Param("status") String status);

    /**
     * Why, by whom and when a decision was revoked (撤銷).
     *
     * @param revokedBy the user who revoked it; never shown publicly
     */
    record Revocation(Instant revokedAt, String revokedBy, String reason) {
    }

    /** The decision's revocation, or null if it was never revoked. */
    @Select("SELECT revoked_at, revoked_by, revocation_reason AS reason FROM kuayu_decision "
            + "WHERE id = #{id} AND revoked_at IS NOT NULL")
    Revocation revocation(String id);

    /**
     * Revokes the decision if it is issued; the status check in the statement makes two revocations
     * racing each other end with one winner.
     *
     * @return 1 if revoked, 0 if it was not (or no longer) issued
     */
    @Update("UPDATE kuayu_decision SET status = 'revoked', revoked_at = #{r.revokedAt}, revoked_by = #{r.revokedBy}, "
            + "revocation_reason = #{r.reason} WHERE id = #{id} AND status = 'issued'")
    int revoke(@Param("id") String id, @Param("r") Revocation revocation);
}
