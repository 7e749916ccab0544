package tw.kuayu.tasks;

import java.time.Instant;
import java.util.Collection;
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

    /** A task row joined with its case, for the worklist. */
    record WorkItem(String taskId, String caseId, String caseNo, String caseType, String processDefinitionId, String step,
                    String name, String agency, String candidateGroup, String assignee, Instant createdAt, Instant dueAt,
                    Instant caseDueAt) {
    }

    String COLUMNS = "task_id, case_id, process_instance_id, process_definition_id, step, name, agency, candidate_group, "
            + "assignee, status, created_at, due_at, ended_at";

    String VISIBLE = " FROM kuayu_task t JOIN kuayu_case c ON c.id = t.case_id WHERE t.status = 'open' AND (t.assignee = #{user}"
            + "<if test='groups.size() > 0'> OR (t.candidate_group IN "
            + "<foreach item='g' collection='groups' open='(' separator=',' close=')'>#{g}</foreach>"
            + " AND (t.assignee IS NULL OR t.assignee = #{user}))</if>)";

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

    /** Tasks the user holds, or that are offered to one of the user's groups and nobody else holds. */
    @Select("<script>SELECT t.task_id, t.case_id, c.case_no, c.case_type, t.process_definition_id, t.step, t.name, t.agency, "
            + "t.candidate_group, t.assignee, t.created_at, t.due_at, c.due_at AS case_due_at" + VISIBLE
            + " ORDER BY t.created_at DESC, t.task_id OFFSET #{offset} ROWS FETCH NEXT #{limit} ROWS ONLY</script>")
    List<WorkItem> visibleTo(@Param("user") String user, @Param("groups") Collection<String> groups,
                             @Param("offset") int offset, @Param("limit") int limit);

    @Select("<script>SELECT COUNT(*)" + VISIBLE + "</script>")
    long countVisibleTo(@Param("user") String user, @Param("groups") Collection<String> groups);
}
