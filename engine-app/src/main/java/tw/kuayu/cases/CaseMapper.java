package tw.kuayu.cases;

import java.time.Instant;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.ResultMap;
import org.apache.ibatis.annotations.Results;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import tw.kuayu.security.personaldata.PersonalDataTypeHandlers.Sealed;

/**
 * {@code kuayu_case}. The applicant's national ID, name and the application data are written sealed
 * (AES-GCM), with the ID's and the name's keyed search hashes and the ID's masked form beside them, and read back opened: see
 * tw.kuayu.security.personaldata and docs/decisions/022-personal-data-encryption.md. The clear
 * columns are read only for rows written before encryption, until the sealer has sealed them.
 */
@Mapper
public interface CaseMapper {

    String COLUMNS = "id, case_no, case_type, owner_agency, status, "
            + "COALESCE(applicant_id_sealed, applicant_national_id) AS applicant_national_id, applicant_name, "
            + "COALESCE(data_sealed, data_json) AS data_json, "
            + "process_instance_id, received_at, due_at, closed_at, created_by, idempotency_key, request_hash";

    @Insert("INSERT INTO kuayu_case (id, case_no, case_type, owner_agency, status, applicant_id_sealed, applicant_id_hash, "
            + "applicant_id_masked, applicant_name, applicant_name_hash, data_sealed, process_instance_id, received_at, due_at, closed_at, "
            + "created_by, "
            + "idempotency_key, request_hash) VALUES (#{id}, #{caseNo}, #{caseType}, #{ownerAgency}, #{status}, "
            + "#{applicantNationalId, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$Sealed}, "
            + "#{applicantNationalId, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$SearchHash}, "
            + "#{applicantNationalId, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$Masked}, "
            + "#{applicantName, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$Sealed}, "
            + "#{applicantName, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$NameHash}, #{dataJson, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$Sealed}, "
            + "#{processInstanceId}, #{receivedAt}, #{dueAt}, #{closedAt}, #{createdBy}, #{idempotencyKey}, #{requestHash})")
    void insert(CaseRecord record);

    @Select("SELECT " + COLUMNS + " FROM kuayu_case WHERE id = #{id}")
    @Results(id = "caseRecord")
    @ConstructorArgs({
        @Arg(column = "id", javaType = String.class, name = "id"),
        @Arg(column = "case_no", javaType = String.class, name = "caseNo"),
        @Arg(column = "case_type", javaType = String.class, name = "caseType"),
        @Arg(column = "owner_agency", javaType = String.class, name = "ownerAgency"),
        @Arg(column = "status", javaType = String.class, name = "status"),
        @Arg(column = "applicant_national_id", javaType = String.class, name = "applicantNationalId", typeHandler = Sealed.class),
        @Arg(column = "applicant_name", javaType = String.class, name = "applicantName", typeHandler = Sealed.class),
        @Arg(column = "data_json", javaType = String.class, name = "dataJson", typeHandler = Sealed.class),
        @Arg(column = "process_instance_id", javaType = String.class, name = "processInstanceId"),
        @Arg(column = "received_at", javaType = Instant.class, name = "receivedAt"),
        @Arg(column = "due_at", javaType = Instant.class, name = "dueAt"),
        @Arg(column = "closed_at", javaType = Instant.class, name = "closedAt"),
        @Arg(column = "created_by", javaType = String.class, name = "createdBy"),
        @Arg(column = "idempotency_key", javaType = String.class, name = "idempotencyKey"),
        @Arg(column = "request_hash", javaType = String.class, name = "requestHash")})
    CaseRecord findById(String id);

    @Select("SELECT " + COLUMNS + " FROM kuayu_case WHERE case_no = #{caseNo}")
    @ResultMap("caseRecord")
    CaseRecord findByCaseNo(String caseNo);

    /**
     * The case with this number whose applicant has this national ID (compared by keyed hash under the current
     * and, during a search-key rotation, the previous search key), or null.
     */
    @Select("SELECT " + COLUMNS + " FROM kuayu_case WHERE case_no = #{caseNo} AND applicant_id_hash IN ("
            + "#{nationalId, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$SearchHash}, "
            + "#{nationalId, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$PreviousSearchHash})")
    @ResultMap("caseRecord")
    CaseRecord findByCaseNoAndApplicant(@Param("caseNo") String caseNo, @Param("nationalId") String nationalId);

    @Select("SELECT " + COLUMNS + " FROM kuayu_case WHERE created_by = #{user} AND idempotency_key = #{key}")
    @ResultMap("caseRecord")
    CaseRecord findByIdempotencyKey(@Param("user") String user, @Param("key") String key);

    @Update("UPDATE kuayu_case SET process_instance_id = #{processInstanceId} WHERE id = #{id}")
    void setProcessInstance(@Param("id") String id, @Param("processInstanceId") String processInstanceId);

    @Update("UPDATE kuayu_case SET status = #{status}, closed_at = #{closedAt} WHERE id = #{id}")
    void close(@Param("id") String id, @Param("status") String status, @Param("closedAt") Instant closedAt);

    @Update("UPDATE kuayu_case SET clock_stopped_at = #{at} WHERE id = #{id} AND clock_stopped_at IS NULL")
    int stopClock(@Param("id") String id, @Param("at") Instant at);

    @Select("SELECT clock_stopped_at FROM kuayu_case WHERE id = #{id}")
    Instant clockStoppedAt(String id);

    @Update("UPDATE kuayu_case SET clock_stopped_at = NULL, due_at = #{dueAt}, "
            + "stopped_working_days = stopped_working_days + #{days} WHERE id = #{id} AND clock_stopped_at IS NOT NULL")
    int resumeClock(@Param("id") String id, @Param("dueAt") Instant dueAt, @Param("days") int days);

    @Select("<script>SELECT " + COLUMNS + " FROM kuayu_case WHERE process_instance_id IN "
            + "<foreach item='p' collection='ids' open='(' separator=',' close=')'>#{p}</foreach></script>")
    @ResultMap("caseRecord")
    java.util.List<CaseRecord> findByProcessInstances(@Param("ids") java.util.Collection<String> ids);
}
