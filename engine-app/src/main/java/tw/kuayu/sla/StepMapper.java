package tw.kuayu.sla;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** Reads of {@link StepWatch}: open tasks nearing or past their due date that have no notice of that kind yet, or whose last one may be repeated. */
@Mapper
public interface StepMapper {

    record DueTask(String taskId, String caseId, String caseNo, String caseType, String processDefinitionId, String step, String name,
                   String agency, String candidateGroup, String assignee, Instant dueAt, int announced) {
    }

    /** A step whose model brings its own timers (joint review's reminder and escalation): the watch leaves it alone. */
    record TimedStep(String processDefinitionId, String step) {
    }

    /** Process definitions with open tasks that have a due date: the models whose timed steps must be known. */
    @Select("SELECT DISTINCT process_definition_id FROM kuayu_task WHERE status = 'open' AND due_at IS NOT NULL")
    List<String> definitionsWithDueTasks();

    /**
     * Open tasks of cases whose clock runs, due after {@code from} and at or before {@code to}, without a notice of
     * {@code kind} for the task that still stands at {@code now} (one not to be repeated, or to be repeated later), except
     * the timed steps; earliest due first. {@code announced}: the notices of that kind the task already had.
     */
    @Select("<script>SELECT t.task_id, t.case_id, c.case_no, c.case_type, t.process_definition_id, t.step, t.name, t.agency, "
            + "t.candidate_group, t.assignee, t.due_at, "
            + "(SELECT COUNT(*) FROM kuayu_notification a WHERE a.task_id = t.task_id AND a.kind = #{kind}) AS announced "
            + "FROM kuayu_task t JOIN kuayu_case c ON c.id = t.case_id "
            + "WHERE t.status = 'open' AND t.due_at IS NOT NULL AND t.due_at &lt;= #{to} "
            + "<if test='from != null'>AND t.due_at &gt; #{from} </if>"
            + "AND (t.agency IS NOT NULL OR t.candidate_group IS NOT NULL) AND c.closed_at IS NULL AND c.clock_stopped_at IS NULL "
            + "AND NOT EXISTS (SELECT 1 FROM kuayu_notification n WHERE n.task_id = t.task_id AND n.kind = #{kind} "
            + "AND (n.repeat_at IS NULL OR n.repeat_at &gt; #{now})) "
            + "<foreach item='s' collection='timed'>AND NOT (t.process_definition_id = #{s.processDefinitionId} AND t.step = #{s.step}) </foreach>"
            + "ORDER BY t.due_at, t.task_id OFFSET 0 ROWS FETCH NEXT #{limit} ROWS ONLY</script>")
    List<DueTask> due(@Param("from") Instant from, @Param("to") Instant to, @Param("now") Instant now, @Param("kind") String kind,
                      @Param("timed") List<TimedStep> timed, @Param("limit") int limit);
}
