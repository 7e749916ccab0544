package tw.kuayu.sla;

import java.util.List;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import tw.kuayu.sla.SlaMapper.BottleneckRow;
import tw.kuayu.sla.SlaMapper.SummaryRow;
import tw.kuayu.sla.SlaMapper.TrendRow;

/**
 * The SLA reports' direct queries over every case and task row as they were before the rollup (decision 027), kept
 * here only to prove that the rollup gives the same figures ({@link SlaRollupTest}).
 */
@Mapper
interface DirectSlaQueries {

    String Y = SlaMapper.Y;
    String M = SlaMapper.M;
    String OVERDUE = SlaMapper.OVERDUE;
    String CASE_FILTER = SlaMapper.CASE_FILTER;
    String CASE_SCOPE = SlaMapper.CASE_SCOPE;
    String TASK_SCOPE = SlaMapper.TASK_SCOPE;
    String HELD_SECONDS = SlaMapper.HELD_SECONDS;

    @Select("<script>SELECT c.owner_agency AS agency, c.case_type, COUNT(*) AS received, "
            + "SUM(CASE WHEN c.closed_at IS NOT NULL AND c.status &lt;&gt; 'withdrawn' THEN 1 ELSE 0 END) AS decided, "
            + "SUM(CASE WHEN c.closed_at IS NOT NULL AND c.status &lt;&gt; 'withdrawn' AND c.closed_at &lt;= c.due_at THEN 1 ELSE 0 END) AS decided_on_time, "
            + "SUM(CASE WHEN c.status = 'withdrawn' THEN 1 ELSE 0 END) AS withdrawn, "
            + "SUM(CASE WHEN c.closed_at IS NULL THEN 1 ELSE 0 END) AS open_cases, "
            + "SUM(CASE WHEN " + OVERDUE + " THEN 1 ELSE 0 END) AS overdue_open "
            + "FROM kuayu_case c WHERE 1 = 1" + CASE_FILTER
            + "<if test='f.agency != null'> AND c.owner_agency = #{f.agency}</if>" + CASE_SCOPE
            + " GROUP BY c.owner_agency, c.case_type ORDER BY c.owner_agency, c.case_type</script>")
    List<SummaryRow> summary(@Param("f") SlaFilter filter);

    @Select("<script>SELECT " + Y + " AS received_year, " + M + " AS received_month, c.owner_agency AS agency, c.case_type, COUNT(*) AS received, "
            + "SUM(CASE WHEN c.closed_at IS NOT NULL AND c.status &lt;&gt; 'withdrawn' THEN 1 ELSE 0 END) AS decided, "
            + "SUM(CASE WHEN c.closed_at IS NOT NULL AND c.status &lt;&gt; 'withdrawn' AND c.closed_at &lt;= c.due_at THEN 1 ELSE 0 END) AS decided_on_time "
            + "FROM kuayu_case c WHERE 1 = 1" + CASE_FILTER
            + "<if test='f.agency != null'> AND c.owner_agency = #{f.agency}</if>" + CASE_SCOPE
            + " GROUP BY " + Y + ", " + M + ", c.owner_agency, c.case_type</script>")
    List<TrendRow> trend(@Param("f") SlaFilter filter);

    @Select("<script>SELECT t.step, MAX(t.name) AS name, t.agency, COUNT(*) AS tasks, "
            + "SUM(CASE WHEN t.status = 'open' THEN 1 ELSE 0 END) AS open_tasks, "
            + "SUM(CASE WHEN t.status = 'open' AND t.due_at &lt; #{f.now} THEN 1 ELSE 0 END) AS open_overdue, "
            + "SUM(CASE WHEN t.status = 'completed' AND t.ended_at &gt; t.due_at THEN 1 ELSE 0 END) AS completed_late, "
            + "SUM(" + HELD_SECONDS + ") AS held_seconds, MAX(" + HELD_SECONDS + ") AS max_held_seconds, "
            + "MIN(CASE WHEN t.status = 'open' THEN t.created_at END) AS oldest_open_since "
            + "FROM kuayu_task t JOIN kuayu_case c ON c.id = t.case_id WHERE t.status IN ('open', 'completed')" + CASE_FILTER
            + "<if test='f.agency != null'> AND t.agency = #{f.agency}</if>"
            + "<if test='f.step != null'> AND t.step = #{f.step}</if>" + TASK_SCOPE
            + " GROUP BY t.step, t.agency</script>")
    List<BottleneckRow> bottlenecks(@Param("f") SlaFilter filter);
}
