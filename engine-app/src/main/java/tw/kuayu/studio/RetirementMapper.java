package tw.kuayu.studio;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Select;

/** Who retired or reactivated which version, when and why ({@code kuayu_process_retirement}). */
@Mapper
public interface RetirementMapper {

    String RETIRE = "retire";
    String REACTIVATE = "reactivate";

    record RetirementRow(String id, String processDefinitionId, String processKey, int processVersion, String action, String actedBy,
                         Instant actedAt, String reason) {
    }

    @Insert("INSERT INTO kuayu_process_retirement (id, process_definition_id, process_key, process_version, action, acted_by, acted_at, reason) "
            + "VALUES (#{id}, #{processDefinitionId}, #{processKey}, #{processVersion}, #{action}, #{actedBy}, #{actedAt}, #{reason})")
    void insert(RetirementRow row);

    @Select("SELECT id, process_definition_id, process_key, process_version, action, acted_by, acted_at, reason "
            + "FROM kuayu_process_retirement WHERE process_definition_id = #{processDefinitionId} ORDER BY acted_at, id")
    List<RetirementRow> history(String processDefinitionId);
}
