package tw.kuayu.tasks;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** The worklist read model {@code kuayu_task}: one row per user task, written by {@link TaskReadModel}. */
@Mapper
public interface TaskMapper {

    String OPEN = "open";
    String COMPLETED = "completed";
    String CANCELLED = "cancelled";

    record TaskRow(String taskId, String caseId, String processInstanceId, String processDefinitionId, String step, String name,
                   String agency, String candidateGroup, String assignee, String status, Instant createdAt, Instant dueAt,
                   Instant endedAt) {
    }

    String COLUMNS = "task_id, case_id, process_instance_id, process_definition_id, step, name, agency, candidate_group, "
            + "assignee, status, created_at, due_at, ended_at";

    @Insert("INSERT INTO kuayu_task (" + COLUMNS + ") VALUES (#{taskId}, #{caseId}, #{processInstanceId}, #{processDefinitionId}, "
            + "#{step}, #{name}, #{agency}, #{candidateGroup}, #{assignee}, #{status}, #{createdAt}, #{dueAt}, #{endedAt})")
    void insert(TaskRow row);

    @Update("UPDATE kuayu_task SET assignee = #{assignee} WHERE task_id = #{taskId}")
    void assign(@Param("taskId") String taskId, @Param("assignee") String assignee);

    @Update("UPDATE kuayu_task SET status = #{status}, ended_at = #{endedAt} WHERE task_id = #{taskId} AND status = 'open'")
    void end(@Param("taskId") String taskId, @Param("status") String status, @Param("endedAt") Instant endedAt);

    @Select("SELECT " + COLUMNS + " FROM kuayu_task WHERE task_id = #{taskId}")
    TaskRow find(String taskId);

    @Select("SELECT " + COLUMNS + " FROM kuayu_task WHERE case_id = #{caseId} ORDER BY created_at, task_id")
    List<TaskRow> ofCase(String caseId);

    @Select("SELECT DISTINCT agency FROM kuayu_task WHERE case_id = #{caseId} AND agency IS NOT NULL")
    List<String> agenciesOf(String caseId);
}
