package tw.kuayu.cases;

import java.time.Instant;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

@Mapper
public interface CaseMapper {

    String COLUMNS = "id, case_no, case_type, owner_agency, status, applicant_national_id, applicant_name, data_json, "
            + "process_instance_id, received_at, due_at, closed_at, created_by, idempotency_key, request_hash";

    @Insert("INSERT INTO kuayu_case (" + COLUMNS + ") VALUES (#{id}, #{caseNo}, #{caseType}, #{ownerAgency}, #{status}, "
            + "#{applicantNationalId}, #{applicantName}, #{dataJson}, #{processInstanceId}, #{receivedAt}, #{dueAt}, #{closedAt}, "
            + "#{createdBy}, #{idempotencyKey}, #{requestHash})")
    void insert(CaseRecord record);

    @Select("SELECT " + COLUMNS + " FROM kuayu_case WHERE id = #{id}")
    CaseRecord findById(String id);

    @Select("SELECT " + COLUMNS + " FROM kuayu_case WHERE case_no = #{caseNo}")
    CaseRecord findByCaseNo(String caseNo);

    @Select("SELECT " + COLUMNS + " FROM kuayu_case WHERE created_by = #{user} AND idempotency_key = #{key}")
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
    java.util.List<CaseRecord> findByProcessInstances(@Param("ids") java.util.Collection<String> ids);
}
