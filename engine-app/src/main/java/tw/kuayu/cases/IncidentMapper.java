package tw.kuayu.cases;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Select;

/**
 * The engine's open incidents of one process instance, read straight from {@code ACT_RU_INCIDENT}
 * by its process-instance index: what {@code IncidentQuery.processInstanceId(..).list()} returns,
 * without building an engine query per case view (decision 029). Read only.
 */
@Mapper
public interface IncidentMapper {

    record Row(String activityId, String message, Instant since) {
    }

    @Select("SELECT ACTIVITY_ID_ AS activity_id, INCIDENT_MSG_ AS message, INCIDENT_TIMESTAMP_ AS since "
            + "FROM ACT_RU_INCIDENT WHERE PROC_INST_ID_ = #{processInstanceId} ORDER BY INCIDENT_TIMESTAMP_, ID_")
    List<Row> ofProcessInstance(String processInstanceId);
}
