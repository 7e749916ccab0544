package tw.kuayu.sla;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** Reads of the scheduled SLA jobs: open and overdue counts for the gauges, and cases nearing their statutory deadline. */
@Mapper
public interface WatchMapper {

    record AgencyCounts(String agency, long openCases, long overdueOpen) {
    }

    record NearingCase(String caseId, String caseNo, String caseType, String ownerAgency, Instant dueAt) {
    }

    @Select("SELECT owner_agency AS agency, COUNT(*) AS open_cases, "
            + "SUM(CASE WHEN due_at < COALESCE(clock_stopped_at, #{now}) THEN 1 ELSE 0 END) AS overdue_open "
            + "FROM kuayu_case WHERE closed_at IS NULL GROUP BY owner_agency")
    List<AgencyCounts> openByAgency(@Param("now") Instant now);

    /**
     * Open cases whose clock runs and whose due date is at or before {@code threshold} ({@code days} working days from
     * now), not yet flagged with a {@code deadline} notice at this threshold or a closer one (a notice without a
     * threshold, from before thresholds, counts as every threshold).
     */
    @Select("SELECT c.id AS case_id, c.case_no, c.case_type, c.owner_agency, c.due_at FROM kuayu_case c "
            + "WHERE c.closed_at IS NULL AND c.clock_stopped_at IS NULL AND c.due_at <= #{threshold} "
            + "AND NOT EXISTS (SELECT 1 FROM kuayu_notification n WHERE n.case_id = c.id AND n.kind = 'deadline' "
            + "AND (n.threshold_days IS NULL OR n.threshold_days <= #{days})) "
            + "ORDER BY c.due_at, c.case_no OFFSET 0 ROWS FETCH NEXT #{limit} ROWS ONLY")
    List<NearingCase> nearingDeadline(@Param("threshold") Instant threshold, @Param("days") int days, @Param("limit") int limit);
}
