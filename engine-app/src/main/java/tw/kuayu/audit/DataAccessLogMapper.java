package tw.kuayu.audit;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

@Mapper
public interface DataAccessLogMapper {

    /** One lookup of personal data (資料查詢紀錄). The applicant appears masked only. */
    record DataAccessEntry(String id, Instant occurredAt, String caseId, String caseNo, String userId, String agency,
                           String applicantMasked, String source, String recordType, String fields, String purpose,
                           String legalBasis, String outcome, String detail, long latencyMs) {
    }

    /** An entry with its place in the hash chain ({@code seq} null: not chained). */
    record ChainRow(Long seq, String prevHash, String entryHash, String id, Instant occurredAt, String caseId, String caseNo,
                    String userId, String agency, String applicantMasked, String source, String recordType, String fields,
                    String purpose, String legalBasis, String outcome, String detail, long latencyMs) {
        public DataAccessEntry entry() {
            return new DataAccessEntry(id, occurredAt, caseId, caseNo, userId, agency, applicantMasked, source, recordType, fields,
                    purpose, legalBasis, outcome, detail, latencyMs);
        }
    }

    /**
     * Search criteria; null means "any". {@code applicant} is a national ID matched against the
     * case's stored applicant through its keyed search hash; {@code from} inclusive, {@code to} exclusive; {@code limit} null: all.
     */
    record Filter(String caseId, String applicant, String user, String agency, Instant from, Instant to, Long offset, Integer limit) {
    }

    String COLUMNS = "id, occurred_at, case_id, case_no, user_id, agency, applicant_masked, source, record_type, fields, purpose, "
            + "legal_basis, outcome, detail, latency_ms";
    String CHAIN_COLUMNS = "seq, prev_hash, entry_hash, " + COLUMNS;
    String WHERE = "<where><if test='caseId != null'>AND case_id = #{caseId}</if>"
            + "<if test='applicant != null'>AND case_id IN (SELECT c.id FROM kuayu_case c WHERE c.applicant_id_hash IN ("
            + "#{applicant, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$SearchHash}, "
            + "#{applicant, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$PreviousSearchHash}))</if>"
            + "<if test='user != null'>AND user_id = #{user}</if>"
            + "<if test='agency != null'>AND agency = #{agency}</if>"
            + "<if test='from != null'>AND occurred_at &gt;= #{from}</if>"
            + "<if test='to != null'>AND occurred_at &lt; #{to}</if></where>";

    @Insert("INSERT INTO kuayu_data_access_log (" + CHAIN_COLUMNS + ") VALUES (#{seq}, #{prevHash}, #{entryHash}, #{e.id}, "
            + "#{e.occurredAt}, #{e.caseId}, #{e.caseNo}, #{e.userId}, #{e.agency}, #{e.applicantMasked}, #{e.source}, #{e.recordType}, "
            + "#{e.fields}, #{e.purpose}, #{e.legalBasis}, #{e.outcome}, #{e.detail}, #{e.latencyMs})")
    void insert(@Param("e") DataAccessEntry entry, @Param("seq") long seq, @Param("prevHash") String prevHash,
                @Param("entryHash") String entryHash);

    @Select("SELECT " + COLUMNS + " FROM kuayu_data_access_log WHERE case_id = #{caseId} ORDER BY occurred_at, id")
    List<DataAccessEntry> findByCase(String caseId);

    @Select("<script>SELECT " + CHAIN_COLUMNS + " FROM kuayu_data_access_log " + WHERE + " ORDER BY occurred_at, id"
            + "<if test='limit != null'> OFFSET #{offset} ROWS FETCH NEXT #{limit} ROWS ONLY</if></script>")
    List<ChainRow> search(Filter filter);

    @Select("<script>SELECT COUNT(*) FROM kuayu_data_access_log " + WHERE + "</script>")
    long count(Filter filter);

    @Select("SELECT " + CHAIN_COLUMNS + " FROM kuayu_data_access_log WHERE seq > #{after} AND seq <= #{upTo} "
            + "ORDER BY seq FETCH FIRST #{limit} ROWS ONLY")
    List<ChainRow> chain(@Param("after") long after, @Param("upTo") long upTo, @Param("limit") int limit);

    @Select("SELECT COUNT(*) FROM kuayu_data_access_log")
    long countAll();

    /** Entries outside the chain, oldest first: written before the chain existed, or not by Kuayu. */
    @Select("SELECT " + CHAIN_COLUMNS + " FROM kuayu_data_access_log WHERE seq IS NULL ORDER BY occurred_at, id "
            + "FETCH FIRST #{limit} ROWS ONLY")
    List<ChainRow> unchained(int limit);

    @Update("UPDATE kuayu_data_access_log SET seq = #{seq}, prev_hash = #{prevHash}, entry_hash = #{entryHash} "
            + "WHERE id = #{id} AND seq IS NULL")
    int seal(@Param("id") String id, @Param("seq") long seq, @Param("prevHash") String prevHash, @Param("entryHash") String entryHash);

    /** The outcome and source of the case's most recent lookup in the chain. */
    @Select("SELECT " + CHAIN_COLUMNS + " FROM kuayu_data_access_log WHERE case_id = #{caseId} AND seq IS NOT NULL "
            + "ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY")
    ChainRow lastOfCase(String caseId);
}
