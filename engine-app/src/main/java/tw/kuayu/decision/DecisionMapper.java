package tw.kuayu.decision;

import java.time.Instant;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Select;

@Mapper
public interface DecisionMapper {

    /** The decision without its PDF bytes. */
    record DecisionInfo(String id, String caseId, String documentNo, String outcome, String reason, Instant issuedAt,
                        String status, String signers, String sha256) {
    }

    @Insert("INSERT INTO kuayu_decision (id, case_id, document_no, outcome, reason, issued_at, status, signers, sha256, pdf) "
            + "VALUES (#{info.id}, #{info.caseId}, #{info.documentNo}, #{info.outcome}, #{info.reason}, #{info.issuedAt}, "
            + "#{info.status}, #{info.signers}, #{info.sha256}, #{pdf})")
    void insert(@org.apache.ibatis.annotations.Param("info") DecisionInfo info, @org.apache.ibatis.annotations.Param("pdf") byte[] pdf);

    @Select("SELECT id, case_id, document_no, outcome, reason, issued_at, status, signers, sha256 FROM kuayu_decision WHERE case_id = #{caseId}")
    DecisionInfo findByCase(String caseId);

    @Select("SELECT id, case_id, document_no, outcome, reason, issued_at, status, signers, sha256 FROM kuayu_decision WHERE sha256 = #{sha256}")
    DecisionInfo findBySha256(String sha256);

    @Select("SELECT id, case_id, document_no, outcome, reason, issued_at, status, signers, sha256 FROM kuayu_decision WHERE document_no = #{documentNo}")
    DecisionInfo findByDocumentNo(String documentNo);

    /** The stored file (a byte[] return type would be read by MyBatis as one row per byte). */
    record StoredPdf(byte[] pdf) {
    }

    @Select("SELECT pdf FROM kuayu_decision WHERE case_id = #{caseId}")
    StoredPdf pdf(String caseId);
}
