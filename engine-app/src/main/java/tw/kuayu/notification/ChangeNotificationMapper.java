package tw.kuayu.notification;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import tw.kuayu.security.personaldata.PersonalDataTypeHandlers.Sealed;

@Mapper
public interface ChangeNotificationMapper {

    /**
     * The applicant's consent to 通報, recorded at intake. The statement is free text that may hold an address: stored
     * sealed (AES-GCM, changelog 016) and read back opened.
     */
    record ConsentRow(String caseId, boolean agreed, String statement, String recordedBy, Instant recordedAt) {
    }

    /** A row of {@code kuayu_change_notification}. */
    record StoredNotification(String id, String caseId, String caseNo, String source, String changeType, String label,
                              String fields, String purpose, String legalBasis, String state, String reason, int attempts,
                              String receiptNo, Instant createdAt, Instant sentAt, Instant acknowledgedAt,
                              String processInstanceId) {
    }

    String COLUMNS = "id, case_id, case_no, source, change_type, label, fields, purpose, legal_basis, state, reason, attempts, "
            + "receipt_no, created_at, sent_at, acknowledged_at, process_instance_id";

    @Insert("INSERT INTO kuayu_notification_consent (case_id, agreed, statement, recorded_by, recorded_at) "
            + "VALUES (#{caseId}, #{agreed}, #{statement, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$Sealed}, "
            + "#{recordedBy}, #{recordedAt})")
    void insertConsent(ConsentRow consent);

    @Select("SELECT case_id, agreed, statement, recorded_by, recorded_at FROM kuayu_notification_consent WHERE case_id = #{caseId}")
    @ConstructorArgs({
        @Arg(column = "case_id", javaType = String.class, name = "caseId"),
        @Arg(column = "agreed", javaType = boolean.class, name = "agreed"),
        @Arg(column = "statement", javaType = String.class, name = "statement", typeHandler = Sealed.class),
        @Arg(column = "recorded_by", javaType = String.class, name = "recordedBy"),
        @Arg(column = "recorded_at", javaType = Instant.class, name = "recordedAt")})
    ConsentRow consent(String caseId);

    @Insert("INSERT INTO kuayu_change_notification (" + COLUMNS + ") VALUES (#{id}, #{caseId}, #{caseNo}, #{source}, #{changeType}, "
            + "#{label}, #{fields}, #{purpose}, #{legalBasis}, #{state}, #{reason}, #{attempts}, #{receiptNo}, #{createdAt}, "
            + "#{sentAt}, #{acknowledgedAt}, #{processInstanceId})")
    void insert(StoredNotification notification);

    @Select("SELECT COUNT(*) FROM kuayu_change_notification WHERE case_id = #{caseId} AND source = #{source} AND change_type = #{change}")
    int count(@Param("caseId") String caseId, @Param("source") String source, @Param("change") String change);

    @Select("SELECT " + COLUMNS + " FROM kuayu_change_notification WHERE id = #{id}")
    StoredNotification find(String id);

    @Select("SELECT " + COLUMNS + " FROM kuayu_change_notification WHERE case_id = #{caseId} ORDER BY created_at, source")
    List<StoredNotification> findByCase(String caseId);

    @Update("UPDATE kuayu_change_notification SET process_instance_id = #{processInstanceId} WHERE id = #{id}")
    void setProcessInstance(@Param("id") String id, @Param("processInstanceId") String processInstanceId);

    /** An attempt starts: the notification is on its way (sent), not yet acknowledged. */
    @Update("UPDATE kuayu_change_notification SET state = 'sent', attempts = attempts + 1, sent_at = #{at} WHERE id = #{id}")
    void sending(@Param("id") String id, @Param("at") Instant at);

    /** The source answered with a receipt; acknowledged or, when it only queued it, still sent. */
    @Update("UPDATE kuayu_change_notification SET state = #{state}, receipt_no = #{receiptNo}, acknowledged_at = #{acknowledgedAt}, "
            + "reason = #{reason} WHERE id = #{id}")
    void answered(@Param("id") String id, @Param("state") String state, @Param("receiptNo") String receiptNo,
                  @Param("acknowledgedAt") Instant acknowledgedAt, @Param("reason") String reason);

    /** The attempt failed: waiting for the engine's next retry (pending) or out of retries (failed). */
    @Update("UPDATE kuayu_change_notification SET state = #{state}, reason = #{reason} WHERE id = #{id}")
    void attemptFailed(@Param("id") String id, @Param("state") String state, @Param("reason") String reason);
}
