package tw.kuayu.sla;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import tw.kuayu.security.personaldata.PersonalDataTypeHandlers.Sealed;

/**
 * The SLA reports' reads over {@code kuayu_case} and {@code kuayu_task} and the rollups of closed cases and completed
 * tasks kept by {@link SlaRollup} (decision 027): portable SQL (H2, PostgreSQL, Oracle 12c+), aggregated in the database
 * except percentiles (see {@link StepDurations}). Figures that depend on now (open, overdue) are read live over the open rows.
 * A case is open while {@code closed_at} is null; it is overdue when its due date passed before now,
 * or before its clock was stopped (補正).
 */
@Mapper
public interface SlaMapper {

    String CASE_FILTER = "<if test='f.from != null'> AND c.received_at &gt;= #{f.from}</if>"
            + "<if test='f.to != null'> AND c.received_at &lt; #{f.to}</if>"
            + "<if test='f.caseType != null'> AND c.case_type = #{f.caseType}</if>";

    /** Whether a task report's filter needs the case row (OGNL). */
    String NEEDS_CASE = "f.from != null or f.to != null or f.caseType != null or f.scope != null";

    /** The same range over the rollups' Taipei day of receipt: {@code to} is inclusive there. */
    String DAY_FILTER = "<if test='f.fromDate != null'> AND d.received_day &gt;= #{f.fromDate}</if>"
            + "<if test='f.toDate != null'> AND d.received_day &lt;= #{f.toDate}</if>"
            + "<if test='f.caseType != null'> AND d.case_type = #{f.caseType}</if>";

    String DAY_SCOPE = "<if test='f.scope != null'> AND d.owner_agency IN "
            + "<foreach item='a' collection='f.scope' open='(' separator=',' close=')'>#{a}</foreach></if>";

    String STEP_DAY_FILTER = "<if test='f.fromDate != null'> AND s.received_day &gt;= #{f.fromDate}</if>"
            + "<if test='f.toDate != null'> AND s.received_day &lt;= #{f.toDate}</if>"
            + "<if test='f.caseType != null'> AND s.case_type = #{f.caseType}</if>";

    String STEP_DAY_SCOPE = "<if test='f.scope != null'> AND (s.owner_agency IN "
            + "<foreach item='a' collection='f.scope' open='(' separator=',' close=')'>#{a}</foreach> OR s.agency IN "
            + "<foreach item='a' collection='f.scope' open='(' separator=',' close=')'>#{a}</foreach>)</if>";

    /** Case reports: only cases owned by the manager's agencies. */
    String CASE_SCOPE = "<if test='f.scope != null'> AND c.owner_agency IN "
            + "<foreach item='a' collection='f.scope' open='(' separator=',' close=')'>#{a}</foreach></if>";

    /** Step reports: steps of cases owned by the manager's agencies, and the steps those agencies did on other agencies' cases. */
    String TASK_SCOPE = "<if test='f.scope != null'> AND (c.owner_agency IN "
            + "<foreach item='a' collection='f.scope' open='(' separator=',' close=')'>#{a}</foreach> OR t.agency IN "
            + "<foreach item='a' collection='f.scope' open='(' separator=',' close=')'>#{a}</foreach>)</if>";

    /**
     * Seconds a task held its case: to its end, or to now while open. Per vendor, as there is no
     * portable difference of two timestamps (docs/decisions/012); H2 is the default.
     */
    String HELD_SECONDS = "<choose>"
            + "<when test=\"_databaseId == 'postgresql'\">EXTRACT(EPOCH FROM (COALESCE(t.ended_at, #{f.now}) - t.created_at))</when>"
            + "<when test=\"_databaseId == 'oracle'\">((CAST(COALESCE(t.ended_at, #{f.now}) AS DATE) - CAST(t.created_at AS DATE)) * 86400)</when>"
            + "<otherwise>DATEDIFF('SECOND', t.created_at, COALESCE(t.ended_at, #{f.now}))</otherwise></choose>";

    /** The Taipei calendar year and month of the receipt (stored in UTC; Taiwan keeps UTC+8 all year). */
    String Y = "EXTRACT(YEAR FROM c.received_at + INTERVAL '8' HOUR)";
    String M = "EXTRACT(MONTH FROM c.received_at + INTERVAL '8' HOUR)";

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

    /** Received, decided, on-time and withdrawn cases from the rollup (changelog 018); open figures are 0 here. */
    @Select("<script>SELECT d.owner_agency AS agency, d.case_type, SUM(d.received) AS received, SUM(d.decided) AS decided, "
            + "SUM(d.decided_on_time) AS decided_on_time, SUM(d.withdrawn) AS withdrawn, 0 AS open_cases, 0 AS overdue_open "
            + "FROM kuayu_sla_day d WHERE 1 = 1" + DAY_FILTER
            + "<if test='f.agency != null'> AND d.owner_agency = #{f.agency}</if>" + DAY_SCOPE
            + " GROUP BY d.owner_agency, d.case_type HAVING SUM(d.received) &gt; 0</script>")
    List<SummaryRow> summaryRollup(@Param("f") SlaFilter filter);

    /** Open and overdue cases, live over the open rows only (ix_kuayu_case_open_due); the other figures are 0 here. */
    @Select("<script>SELECT c.owner_agency AS agency, c.case_type, 0 AS received, 0 AS decided, 0 AS decided_on_time, 0 AS withdrawn, "
            + "COUNT(*) AS open_cases, SUM(CASE WHEN " + OVERDUE + " THEN 1 ELSE 0 END) AS overdue_open "
            + "FROM kuayu_case c WHERE c.closed_at IS NULL" + CASE_FILTER
            + "<if test='f.agency != null'> AND c.owner_agency = #{f.agency}</if>" + CASE_SCOPE
            + " GROUP BY c.owner_agency, c.case_type</script>")
    List<SummaryRow> summaryOpen(@Param("f") SlaFilter filter);

    /** Completed tasks of the filtered cases, newest first, at most {@code limit}; {@code f.agency} is the task's agency. */
    @Select("<script>SELECT t.step, t.name, t.agency, t.created_at, t.ended_at, t.due_at "
            + "FROM kuayu_task t JOIN kuayu_case c ON c.id = t.case_id WHERE t.status = 'completed'" + CASE_FILTER
            + "<if test='f.agency != null'> AND t.agency = #{f.agency}</if>" + TASK_SCOPE
            + " ORDER BY t.ended_at DESC, t.task_id OFFSET 0 ROWS FETCH NEXT #{limit} ROWS ONLY</script>")
    List<CompletedTask> completedTasks(@Param("f") SlaFilter filter, @Param("limit") int limit);

    @Select("<script>SELECT c.id AS case_id, c.case_no, c.case_type, c.owner_agency, "
            + "COALESCE(c.applicant_id_masked, c.applicant_national_id) AS applicant_national_id, c.applicant_name, "
            + "c.received_at, c.due_at, c.clock_stopped_at FROM kuayu_case c WHERE " + OVERDUE + CASE_FILTER
            + "<if test='f.agency != null'> AND c.owner_agency = #{f.agency}</if>" + CASE_SCOPE
            + " ORDER BY c.due_at, c.case_no OFFSET #{offset} ROWS FETCH NEXT #{limit} ROWS ONLY</script>")
    @ConstructorArgs({ // the applicant's name is stored sealed (decision 033): opened here, before it is masked
        @Arg(column = "case_id", javaType = String.class, name = "caseId"),
        @Arg(column = "case_no", javaType = String.class, name = "caseNo"),
        @Arg(column = "case_type", javaType = String.class, name = "caseType"),
        @Arg(column = "owner_agency", javaType = String.class, name = "ownerAgency"),
        @Arg(column = "applicant_national_id", javaType = String.class, name = "applicantNationalId"),
        @Arg(column = "applicant_name", javaType = String.class, name = "applicantName", typeHandler = Sealed.class),
        @Arg(column = "received_at", javaType = Instant.class, name = "receivedAt"),
        @Arg(column = "due_at", javaType = Instant.class, name = "dueAt"),
        @Arg(column = "clock_stopped_at", javaType = Instant.class, name = "clockStoppedAt")})
    List<OverdueCase> overdue(@Param("f") SlaFilter filter, @Param("offset") long offset, @Param("limit") int limit);

    @Select("<script>SELECT COUNT(*) FROM kuayu_case c WHERE " + OVERDUE + CASE_FILTER
            + "<if test='f.agency != null'> AND c.owner_agency = #{f.agency}</if>" + CASE_SCOPE + "</script>")
    long countOverdue(@Param("f") SlaFilter filter);

    @Select("<script>SELECT case_id, step, name, agency FROM kuayu_task WHERE status = 'open' AND case_id IN "
            + "<foreach item='id' collection='ids' open='(' separator=',' close=')'>#{id}</foreach> ORDER BY created_at, task_id</script>")
    List<OpenStep> openSteps(@Param("ids") Collection<String> caseIds);

    record TrendRow(int receivedYear, int receivedMonth, String agency, String caseType, long received, long decided, long decidedOnTime) {
    }

    record BottleneckRow(String step, String name, String agency, long tasks, long openTasks, long openOverdue, long completedLate,
                         double heldSeconds, double maxHeldSeconds, Instant oldestOpenSince) {
    }

    /** Received, decided and decided-on-time cases per month of receipt (Taipei), owning agency and case type, from the rollup. */
    @Select("<script>SELECT EXTRACT(YEAR FROM d.received_day) AS received_year, EXTRACT(MONTH FROM d.received_day) AS received_month, "
            + "d.owner_agency AS agency, d.case_type, SUM(d.received) AS received, SUM(d.decided) AS decided, "
            + "SUM(d.decided_on_time) AS decided_on_time FROM kuayu_sla_day d WHERE 1 = 1" + DAY_FILTER
            + "<if test='f.agency != null'> AND d.owner_agency = #{f.agency}</if>" + DAY_SCOPE
            + " GROUP BY EXTRACT(YEAR FROM d.received_day), EXTRACT(MONTH FROM d.received_day), d.owner_agency, d.case_type "
            + "HAVING SUM(d.received) &gt; 0</script>")
    List<TrendRow> trend(@Param("f") SlaFilter filter);

    /**
     * Completed tasks of the filtered cases per step and task agency, from the rollup (changelog 018): how many, how
     * many finished late, the seconds they held their cases in total and at most. {@code f.agency} is the task's
     * agency, {@code f.step} the step; the open figures are 0 here.
     */
    @Select("<script>SELECT s.step, MAX(s.name) AS name, NULLIF(s.agency, '" + SlaRollup.NO_AGENCY + "') AS agency, "
            + "SUM(s.completed) AS tasks, 0 AS open_tasks, 0 AS open_overdue, SUM(s.completed_late) AS completed_late, "
            + "SUM(s.held_seconds) AS held_seconds, MAX(s.max_held_seconds) AS max_held_seconds, NULL AS oldest_open_since "
            + "FROM kuayu_sla_step_day s WHERE 1 = 1" + STEP_DAY_FILTER
            + "<if test='f.agency != null'> AND s.agency = #{f.agency}</if>"
            + "<if test='f.step != null'> AND s.step = #{f.step}</if>" + STEP_DAY_SCOPE
            + " GROUP BY s.step, s.agency HAVING SUM(s.completed) &gt; 0</script>")
    List<BottleneckRow> bottlenecksCompleted(@Param("f") SlaFilter filter);

    /**
     * Open tasks of the filtered open cases per step and task agency, live: how many, how many are past their step due
     * date, the seconds they held their cases to now, and the oldest one's start. Read from the open tasks
     * (ix_kuayu_task_status_case), joined to the open cases (ix_kuayu_case_open_due) only when a date range, case type
     * or scope needs the case: a closed case has no open task (its process ended and TaskReadModel cancelled them),
     * and with the case side bounded the planner no longer scans every case of a date range (docs/benchmarks.md).
     */
    @Select("<script>SELECT t.step, MAX(t.name) AS name, t.agency, COUNT(*) AS tasks, COUNT(*) AS open_tasks, "
            + "SUM(CASE WHEN t.due_at &lt; #{f.now} THEN 1 ELSE 0 END) AS open_overdue, 0 AS completed_late, "
            + "SUM(" + HELD_SECONDS + ") AS held_seconds, MAX(" + HELD_SECONDS + ") AS max_held_seconds, "
            + "MIN(t.created_at) AS oldest_open_since "
            + "FROM kuayu_task t" + "<if test='" + NEEDS_CASE + "'> JOIN kuayu_case c ON c.id = t.case_id</if> WHERE t.status = 'open'"
            + "<if test='" + NEEDS_CASE + "'> AND c.closed_at IS NULL" + CASE_FILTER + TASK_SCOPE + "</if>"
            + "<if test='f.agency != null'> AND t.agency = #{f.agency}</if>"
            + "<if test='f.step != null'> AND t.step = #{f.step}</if>"
            + " GROUP BY t.step, t.agency</script>")
    List<BottleneckRow> bottlenecksOpen(@Param("f") SlaFilter filter);
}
