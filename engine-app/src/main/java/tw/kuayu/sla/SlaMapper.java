package tw.kuayu.sla;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/**
 * The SLA reports' reads over {@code kuayu_case} and {@code kuayu_task}: portable SQL (H2,
 * PostgreSQL, Oracle 12c+), aggregated in the database except percentiles (see {@link StepDurations}).
 * A case is open while {@code closed_at} is null; it is overdue when its due date passed before now,
 * or before its clock was stopped (補正).
 */
@Mapper
public interface SlaMapper {

    String CASE_FILTER = "<if test='f.from != null'> AND c.received_at &gt;= #{f.from}</if>"
            + "<if test='f.to != null'> AND c.received_at &lt; #{f.to}</if>"
            + "<if test='f.caseType != null'> AND c.case_type = #{f.caseType}</if>";

    String OVERDUE = "c.closed_at IS NULL AND c.due_at &lt; COALESCE(c.clock_stopped_at, #{f.now})";

    record SummaryRow(String agency, String caseType, long received, long decided, long decidedOnTime, long withdrawn, long openCases,
                      long overdueOpen) {
    }

    record CompletedTask(String step, String name, String agency, Instant createdAt, Instant endedAt, Instant dueAt) {
    }

    record OverdueCase(String caseId, String caseNo, String caseType, String ownerAgency, String applicantNationalId,
                       String applicantName, Instant receivedAt, Instant dueAt, Instant clockStoppedAt) {
    }

    record OpenStep(String caseId, String step, String name, String agency) {
    }

    @Select("<script>SELECT c.owner_agency AS agency, c.case_type, COUNT(*) AS received, "
            + "SUM(CASE WHEN c.closed_at IS NOT NULL AND c.status &lt;&gt; 'withdrawn' THEN 1 ELSE 0 END) AS decided, "
            + "SUM(CASE WHEN c.closed_at IS NOT NULL AND c.status &lt;&gt; 'withdrawn' AND c.closed_at &lt;= c.due_at THEN 1 ELSE 0 END) AS decided_on_time, "
            + "SUM(CASE WHEN c.status = 'withdrawn' THEN 1 ELSE 0 END) AS withdrawn, "
            + "SUM(CASE WHEN c.closed_at IS NULL THEN 1 ELSE 0 END) AS open_cases, "
            + "SUM(CASE WHEN " + OVERDUE + " THEN 1 ELSE 0 END) AS overdue_open "
            + "FROM kuayu_case c WHERE 1 = 1" + CASE_FILTER
            + "<if test='f.agency != null'> AND c.owner_agency = #{f.agency}</if>"
            + " GROUP BY c.owner_agency, c.case_type ORDER BY c.owner_agency, c.case_type</script>")
    List<SummaryRow> summary(@Param("f") SlaFilter filter);

    /** Completed tasks of the filtered cases, newest first, at most {@code limit}; {@code f.agency} is the task's agency. */
    @Select("<script>SELECT t.step, t.name, t.agency, t.created_at, t.ended_at, t.due_at "
            + "FROM kuayu_task t JOIN kuayu_case c ON c.id = t.case_id WHERE t.status = 'completed'" + CASE_FILTER
            + "<if test='f.agency != null'> AND t.agency = #{f.agency}</if>"
            + " ORDER BY t.ended_at DESC, t.task_id OFFSET 0 ROWS FETCH NEXT #{limit} ROWS ONLY</script>")
    List<CompletedTask> completedTasks(@Param("f") SlaFilter filter, @Param("limit") int limit);

    @Select("<script>SELECT c.id AS case_id, c.case_no, c.case_type, c.owner_agency, "
            + "COALESCE(c.applicant_id_masked, c.applicant_national_id) AS applicant_national_id, c.applicant_name, "
            + "c.received_at, c.due_at, c.clock_stopped_at FROM kuayu_case c WHERE " + OVERDUE + CASE_FILTER
            + "<if test='f.agency != null'> AND c.owner_agency = #{f.agency}</if>"
            + " ORDER BY c.due_at, c.case_no OFFSET #{offset} ROWS FETCH NEXT #{limit} ROWS ONLY</script>")
    List<OverdueCase> overdue(@Param("f") SlaFilter filter, @Param("offset") long offset, @Param("limit") int limit);

    @Select("<script>SELECT COUNT(*) FROM kuayu_case c WHERE " + OVERDUE + CASE_FILTER
            + "<if test='f.agency != null'> AND c.owner_agency = #{f.agency}</if></script>")
    long countOverdue(@Param("f") SlaFilter filter);

    @Select("<script>SELECT case_id, step, name, agency FROM kuayu_task WHERE status = 'open' AND case_id IN "
            + "<foreach item='id' collection='ids' open='(' separator=',' close=')'>#{id}</foreach> ORDER BY created_at, task_id</script>")
    List<OpenStep> openSteps(@Param("ids") Collection<String> caseIds);
}
