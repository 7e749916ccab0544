package tw.kuayu.sla;

import java.time.LocalDate;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * Writes of the SLA rollup read model ({@code kuayu_sla_day}, {@code kuayu_sla_step_day}, changelog 018) for
 * {@link SlaRollup}. A case's or task's contribution is read back from its row with the same SQL definitions as
 * the direct queries of {@link SlaMapper} (and the backfill), so the rollup and the rows cannot disagree on them.
 */
@Mapper
public interface SlaRollupMapper {

    /** Taipei day of receipt (stored in UTC; Taiwan keeps UTC+8 all year), as the backfill computes it. */
    String DAY = "<choose><when test=\"_databaseId == 'oracle'\">TRUNC(CAST(c.received_at + INTERVAL '8' HOUR AS DATE))</when>"
            + "<otherwise>CAST(c.received_at + INTERVAL '8' HOUR AS DATE)</otherwise></choose>";

    /** Seconds between a completed task's creation and end, per vendor as in {@link SlaMapper#HELD_SECONDS}. */
    String ENDED_SECONDS = "<choose>"
            + "<when test=\"_databaseId == 'postgresql'\">EXTRACT(EPOCH FROM (t.ended_at - t.created_at))</when>"
            + "<when test=\"_databaseId == 'oracle'\">((CAST(t.ended_at AS DATE) - CAST(t.created_at AS DATE)) * 86400)</when>"
            + "<otherwise>DATEDIFF('SECOND', t.created_at, t.ended_at)</otherwise></choose>";

    /** What a case adds to its day's row: 1 received, and its outcome when closed. */
    record CaseFacts(LocalDate receivedDay, String ownerAgency, String caseType, long decided, long decidedOnTime, long withdrawn) {
    }

    /** What a completed task adds to its step's row; {@code agency} is {@link SlaRollup#NO_AGENCY} for none. */
    record TaskFacts(LocalDate receivedDay, String ownerAgency, String caseType, String step, String agency, String name, long late,
                     double heldSeconds) {
    }

    @Select("<script>SELECT " + DAY + " AS received_day, c.owner_agency, c.case_type, "
            + "CASE WHEN c.closed_at IS NOT NULL AND c.status &lt;&gt; 'withdrawn' THEN 1 ELSE 0 END AS decided, "
            + "CASE WHEN c.closed_at IS NOT NULL AND c.status &lt;&gt; 'withdrawn' AND c.closed_at &lt;= c.due_at THEN 1 ELSE 0 END AS decided_on_time, "
            + "CASE WHEN c.status = 'withdrawn' THEN 1 ELSE 0 END AS withdrawn FROM kuayu_case c WHERE c.id = #{caseId}</script>")
    CaseFacts caseFacts(String caseId);

    @Select("<script>SELECT " + DAY + " AS received_day, c.owner_agency, c.case_type, t.step, COALESCE(t.agency, '-') AS agency, t.name, "
            + "CASE WHEN t.ended_at &gt; t.due_at THEN 1 ELSE 0 END AS late, " + ENDED_SECONDS + " AS held_seconds "
            + "FROM kuayu_task t JOIN kuayu_case c ON c.id = t.case_id WHERE t.task_id = #{taskId} AND t.status = 'completed'</script>")
    TaskFacts taskFacts(String taskId);

    @Update("UPDATE kuayu_sla_day SET received = received + #{received}, decided = decided + #{f.decided}, "
            + "decided_on_time = decided_on_time + #{f.decidedOnTime}, withdrawn = withdrawn + #{f.withdrawn} "
            + "WHERE received_day = #{f.receivedDay} AND owner_agency = #{f.ownerAgency} AND case_type = #{f.caseType}")
    int addToDay(@Param("f") CaseFacts facts, @Param("received") long received);

    @Insert("INSERT INTO kuayu_sla_day (received_day, owner_agency, case_type, received, decided, decided_on_time, withdrawn) "
            + "VALUES (#{receivedDay}, #{ownerAgency}, #{caseType}, 0, 0, 0, 0)")
    void insertDay(CaseFacts facts);

    @Update("UPDATE kuayu_sla_step_day SET completed = completed + 1, completed_late = completed_late + #{late}, "
            + "held_seconds = held_seconds + #{heldSeconds}, "
            + "max_held_seconds = CASE WHEN max_held_seconds < #{heldSeconds} THEN #{heldSeconds} ELSE max_held_seconds END, "
            + "name = CASE WHEN name IS NULL OR name < #{name} THEN #{name} ELSE name END "
            + "WHERE received_day = #{receivedDay} AND owner_agency = #{ownerAgency} AND case_type = #{caseType} "
            + "AND step = #{step} AND agency = #{agency}")
    int addToStep(TaskFacts facts);

    @Insert("INSERT INTO kuayu_sla_step_day (received_day, owner_agency, case_type, step, agency, name, completed, completed_late, "
            + "held_seconds, max_held_seconds) VALUES (#{receivedDay}, #{ownerAgency}, #{caseType}, #{step}, #{agency}, NULL, 0, 0, 0, 0)")
    void insertStep(TaskFacts facts);
}
