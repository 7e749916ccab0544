package tw.kuayu.audit;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** The audit-event log ({@code kuayu_audit_event}) and its chain head ({@code events}). */
@Mapper
public interface AuditEventMapper {

    /**
     * One audit event (稽核事件): who did what, when, to which case.
     *
     * @param type    e.g. {@link AuditEvents#DECISION_REVOKED}
     * @param subject what the event concerns, e.g. the decision's document number (發文字號)
     * @param detail  the stated reason, or null
     */
    record AuditEvent(String id, Instant occurredAt, String type, String userId, String agency, String caseId, String caseNo,
                      String subject, String detail) {
    }

    /** An event with its place in the hash chain. */
    record EventRow(long seq, String prevHash, String entryHash, String id, Instant occurredAt, String type, String userId,
                    String agency, String caseId, String caseNo, String subject, String detail) {
        public AuditEvent event() {
            return new AuditEvent(id, occurredAt, type, userId, agency, caseId, caseNo, subject, detail);
        }
    }

    /** Search criteria; null means "any"; {@code from} inclusive, {@code to} exclusive; {@code limit} null: all. */
    record Filter(String caseId, String type, String user, String agency, Instant from, Instant to, Long offset, Integer limit) {
    }

    String COLUMNS = "id, occurred_at, event_type, user_id, agency, case_id, case_no, subject, detail";
    /** As read back: event_type under the record's name. */
    String CHAIN_COLUMNS = "seq, prev_hash, entry_hash, id, occurred_at, event_type AS type, user_id, agency, case_id, case_no, "
            + "subject, detail";
    String WHERE = "<where><if test='caseId != null'>AND case_id = #{caseId}</if>"
            + "<if test='type != null'>AND event_type = #{type}</if>"
            + "<if test='user != null'>AND user_id = #{user}</if>"
            + "<if test='agency != null'>AND agency = #{agency}</if>"
            + "<if test='from != null'>AND occurred_at &gt;= #{from}</if>"
            + "<if test='to != null'>AND occurred_at &lt; #{to}</if></where>";

    @Insert("INSERT INTO kuayu_audit_event (seq, prev_hash, entry_hash, " + COLUMNS + ") VALUES (#{seq}, #{prevHash}, #{entryHash}, #{e.id}, "
            + "#{e.occurredAt}, #{e.type}, #{e.userId}, #{e.agency}, #{e.caseId}, #{e.caseNo}, #{e.subject}, #{e.detail})")
    void insert(@Param("e") AuditEvent event, @Param("seq") long seq, @Param("prevHash") String prevHash,
                @Param("entryHash") String entryHash);

    @Select("<script>SELECT " + CHAIN_COLUMNS + " FROM kuayu_audit_event " + WHERE + " ORDER BY seq"
            + "<if test='limit != null'> OFFSET #{offset} ROWS FETCH NEXT #{limit} ROWS ONLY</if></script>")
    List<EventRow> search(Filter filter);

    @Select("<script>SELECT COUNT(*) FROM kuayu_audit_event " + WHERE + "</script>")
    long count(Filter filter);

    @Select("SELECT " + CHAIN_COLUMNS + " FROM kuayu_audit_event WHERE seq > #{after} AND seq <= #{upTo} "
            + "ORDER BY seq FETCH FIRST #{limit} ROWS ONLY")
    List<EventRow> chain(@Param("after") long after, @Param("upTo") long upTo, @Param("limit") int limit);

    @Select("SELECT COUNT(*) FROM kuayu_audit_event")
    long countAll();
}
