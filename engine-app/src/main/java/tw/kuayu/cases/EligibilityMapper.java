package tw.kuayu.cases;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** {@code kuayu_case_eligibility}: the eligibility check's outcome per process instance ({@link EligibilityReadModel}). */
@Mapper
public interface EligibilityMapper {

    record Row(Boolean eligible, String reason) {
    }

    @Select("SELECT eligible, reason FROM kuayu_case_eligibility WHERE process_instance_id = #{processInstanceId}")
    Row find(String processInstanceId);

    @Update("UPDATE kuayu_case_eligibility SET eligible = #{eligible} WHERE process_instance_id = #{processInstanceId}")
    int setEligible(@Param("processInstanceId") String processInstanceId, @Param("eligible") Boolean eligible);

    @Update("UPDATE kuayu_case_eligibility SET reason = #{reason} WHERE process_instance_id = #{processInstanceId}")
    int setReason(@Param("processInstanceId") String processInstanceId, @Param("reason") String reason);

    @Insert("INSERT INTO kuayu_case_eligibility (process_instance_id, eligible, reason) VALUES (#{processInstanceId}, #{eligible}, #{reason})")
    void insert(@Param("processInstanceId") String processInstanceId, @Param("eligible") Boolean eligible, @Param("reason") String reason);
}
