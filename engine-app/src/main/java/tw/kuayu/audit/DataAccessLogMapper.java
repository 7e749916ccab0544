package tw.kuayu.audit;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Select;

@Mapper
public interface DataAccessLogMapper {

    /** One lookup of personal data (資料查詢紀錄). The applicant appears masked only. */
    record DataAccessEntry(String id, Instant occurredAt, String caseId, String caseNo, String userId, String agency,
                           String applicantMasked, String source, String recordType, String fields, String purpose,
                           String legalBasis, String outcome, String detail, long latencyMs) {
    }

    @Insert("INSERT INTO kuayu_data_access_log (id, occurred_at, case_id, case_no, user_id, agency, applicant_masked, source, "
            + "record_type, fields, purpose, legal_basis, outcome, detail, latency_ms) VALUES (#{id}, #{occurredAt}, #{caseId}, "
            + "#{caseNo}, #{userId}, #{agency}, #{applicantMasked}, #{source}, #{recordType}, #{fields}, #{purpose}, #{legalBasis}, "
            + "#{outcome}, #{detail}, #{latencyMs})")
    void insert(DataAccessEntry entry);

    @Select("SELECT id, occurred_at, case_id, case_no, user_id, agency, applicant_masked, source, record_type, fields, purpose, "
            + "legal_basis, outcome, detail, latency_ms FROM kuayu_data_access_log WHERE case_id = #{caseId} ORDER BY occurred_at, id")
    List<DataAccessEntry> findByCase(String caseId);
}
