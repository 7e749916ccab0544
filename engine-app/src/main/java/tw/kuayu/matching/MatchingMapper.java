package tw.kuayu.matching;

import java.time.Instant;
import java.time.LocalDate;
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
public interface MatchingMapper {

    /** A row of {@code kuayu_matching_job}. */
    record MatchingJob(String id, String jobNo, String agency, String requestedBy, String source, String recordType, String fields,
                       String purpose, String legalBasis, String fileName, String state, int total, int chunkSize,
                       Instant createdAt, Instant finishedAt, String processInstanceId) {
        public List<String> fieldList() {
            return List.of(fields.split(","));
        }
    }

    /**
     * A row of {@code kuayu_matching_item}: one person and the source's answer. The national ID and the answer are
     * stored sealed (AES-GCM, changelog 016, docs/decisions/022-personal-data-encryption.md) and read back opened.
     */
    record MatchingItem(String jobId, int lineNo, int chunkNo, String nationalId, String outcome, String dataJson, String detail,
                        LocalDate asOf, Instant checkedAt) {
    }

    /** How many persons have which outcome. */
    record OutcomeCount(String outcome, int persons) {
    }

    String JOB_COLUMNS = "id, job_no, agency, requested_by, source, record_type, fields, purpose, legal_basis, file_name, state, total, "
            + "chunk_size, created_at, finished_at, process_instance_id";
    String ITEM_COLUMNS = "job_id, line_no, chunk_no, national_id, outcome, data_json, detail, as_of, checked_at";

    @Insert("INSERT INTO kuayu_matching_job (" + JOB_COLUMNS + ") VALUES (#{id}, #{jobNo}, #{agency}, #{requestedBy}, #{source}, "
            + "#{recordType}, #{fields}, #{purpose}, #{legalBasis}, #{fileName}, #{state}, #{total}, #{chunkSize}, #{createdAt}, "
            + "#{finishedAt}, #{processInstanceId})")
    void insertJob(MatchingJob job);

    String SEALED = "typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$Sealed";

    @Insert("INSERT INTO kuayu_matching_item (" + ITEM_COLUMNS + ") VALUES (#{jobId}, #{lineNo}, #{chunkNo}, #{nationalId, " + SEALED
            + "}, #{outcome}, #{dataJson, " + SEALED + "}, #{detail}, #{asOf}, #{checkedAt})")
    void insertItem(MatchingItem item);

    @Update("UPDATE kuayu_matching_job SET process_instance_id = #{processInstanceId} WHERE id = #{id}")
    void setProcessInstance(@Param("id") String id, @Param("processInstanceId") String processInstanceId);

    @Select("SELECT " + JOB_COLUMNS + " FROM kuayu_matching_job WHERE id = #{id}")
    MatchingJob find(String id);

    @Select("SELECT " + ITEM_COLUMNS + " FROM kuayu_matching_item WHERE job_id = #{jobId} AND chunk_no = #{chunk} "
            + "AND outcome = 'pending' ORDER BY line_no")
    @ConstructorArgs({
        @Arg(column = "job_id", javaType = String.class, name = "jobId"),
        @Arg(column = "line_no", javaType = int.class, name = "lineNo"),
        @Arg(column = "chunk_no", javaType = int.class, name = "chunkNo"),
        @Arg(column = "national_id", javaType = String.class, name = "nationalId", typeHandler = Sealed.class),
        @Arg(column = "outcome", javaType = String.class, name = "outcome"),
        @Arg(column = "data_json", javaType = String.class, name = "dataJson", typeHandler = Sealed.class),
        @Arg(column = "detail", javaType = String.class, name = "detail"),
        @Arg(column = "as_of", javaType = LocalDate.class, name = "asOf"),
        @Arg(column = "checked_at", javaType = Instant.class, name = "checkedAt")})
    List<MatchingItem> pending(@Param("jobId") String jobId, @Param("chunk") int chunk);

    @Select("SELECT " + ITEM_COLUMNS + " FROM kuayu_matching_item WHERE job_id = #{jobId} ORDER BY line_no")
    @ConstructorArgs({
        @Arg(column = "job_id", javaType = String.class, name = "jobId"),
        @Arg(column = "line_no", javaType = int.class, name = "lineNo"),
        @Arg(column = "chunk_no", javaType = int.class, name = "chunkNo"),
        @Arg(column = "national_id", javaType = String.class, name = "nationalId", typeHandler = Sealed.class),
        @Arg(column = "outcome", javaType = String.class, name = "outcome"),
        @Arg(column = "data_json", javaType = String.class, name = "dataJson", typeHandler = Sealed.class),
        @Arg(column = "detail", javaType = String.class, name = "detail"),
        @Arg(column = "as_of", javaType = LocalDate.class, name = "asOf"),
        @Arg(column = "checked_at", javaType = Instant.class, name = "checkedAt")})
    List<MatchingItem> items(String jobId);

    @Select("SELECT outcome, COUNT(*) AS persons FROM kuayu_matching_item WHERE job_id = #{jobId} GROUP BY outcome")
    List<OutcomeCount> outcomes(String jobId);

    @Update("UPDATE kuayu_matching_item SET outcome = #{outcome}, data_json = #{dataJson, " + SEALED + "}, detail = #{detail}, as_of = #{asOf}, "
            + "checked_at = #{checkedAt} WHERE job_id = #{jobId} AND line_no = #{lineNo} AND outcome = 'pending'")
    int answered(MatchingItem item);

    @Update("UPDATE kuayu_matching_job SET state = 'completed', finished_at = #{at} WHERE id = #{id} AND state = 'running'")
    void finish(@Param("id") String id, @Param("at") Instant at);
}
