package tw.kuayu.tasks;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Select;
import tw.kuayu.security.personaldata.PersonalDataTypeHandlers.Sealed;

/**
 * The worklist search over the read model {@code kuayu_task} joined with {@code kuayu_case}:
 * filters, order and paging all in SQL (portable to H2, PostgreSQL and Oracle 12c+), with the task
 * id as the last sort key so that pages never overlap or skip a row.
 * <p>
 * The caller's tasks are a union of disjoint parts: the tasks they hold, and for each of their
 * groups the group's tasks not held by them (unclaimed only, unless {@code includeHeldByOthers}).
 * Each part is one index range ({@code ix_kuayu_task_assignee_open}, {@code ix_kuayu_task_group_queue})
 * already in the default order, so a page reads {@code offset + limit} rows of each part instead of
 * sorting all of an agency's tasks, and the total is a sum of index-only counts that joins
 * {@code kuayu_case} only when a filter needs it. A single {@code OR} over the parts could use
 * neither (docs/benchmarks.md, Worklist at scale).
 */
@Mapper
public interface WorklistMapper {

    /**
     * A task row with what the list shows of its case. {@code applicantNationalId} is the stored masked form
     * (a row not yet sealed: the clear ID, masked before it leaves the server). {@code applicantName} is as stored
     * (sealed): {@link Worklist} opens it.
     */
    record Row(String taskId, String caseId, String caseNo, String caseType, String processDefinitionId, String step, String name,
               String agency, String candidateGroup, String assignee, Instant createdAt, Instant dueAt, Instant caseDueAt,
               String applicantName, String applicantNationalId, Instant receivedAt) {
    }

    /** The step's own deadline (a joint-review period, an SLA step target) or else the case's. */
    String STEP_DUE = "COALESCE(t.due_at, c.due_at)";

    /** Filters on the case: the count joins kuayu_case only when one of them is set. */
    String CASE_FILTERED = "caseType != null or overdue or dueBefore != null or caseNoPrefix != null";

    String FILTERS = "<if test='caseType != null'> AND c.case_type = #{caseType}</if>"
            + "<if test='step != null'> AND t.step = #{step}</if>"
            + "<if test='unassigned'> AND t.assignee IS NULL</if>"
            + "<if test='overdue'> AND c.due_at &lt; #{now}</if>"
            + "<if test='dueBefore != null'> AND c.due_at &gt;= #{now} AND c.due_at &lt;= #{dueBefore}</if>"
            + "<if test='caseNoPrefix != null'> AND (c.case_no LIKE #{caseNoPrefix} ESCAPE '!'"
            + " OR c.applicant_name_hash IN (#{applicantName, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$NameHash}, "
            + "#{applicantName, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$PreviousNameHash})"
            + "<if test='applicantId != null'> OR c.applicant_id_hash IN ("
            + "#{applicantId, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$SearchHash}, "
            + "#{applicantId, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$PreviousSearchHash})</if>)</if>";

    /** The caller's own tasks (always; with {@code unassigned} the filter leaves none). */
    String HELD = "t.status = 'open' AND t.assignee = #{user}" + FILTERS;

    /** One of the caller's groups, without the tasks the caller holds (those are in {@link #HELD}). */
    String GROUP = "t.status = 'open' AND t.candidate_group = #{g} AND "
            + "<choose><when test='includeHeldByOthers'>(t.assignee IS NULL OR t.assignee &lt;&gt; #{user})</when>"
            + "<otherwise>t.assignee IS NULL</otherwise></choose>" + FILTERS;

    String COLUMNS = "SELECT t.task_id, t.case_id, c.case_no, c.case_type, t.process_definition_id, t.step, t.name, t.agency, "
            + "t.candidate_group, t.assignee, t.created_at, t.due_at, c.due_at AS case_due_at, c.applicant_name, "
            + "COALESCE(c.applicant_id_masked, c.applicant_national_id) AS applicant_national_id, c.received_at, " + STEP_DUE + " AS step_due_at "
            + "FROM kuayu_task t JOIN kuayu_case c ON c.id = t.case_id WHERE ";

    /** The task id breaks ties in the same direction, so that an index on (..., created_at, task_id) read backwards needs no sort. */
    String DIRECTION = "<if test='descending'> DESC</if>";

    /** The order inside a part (table columns) ... */
    String PART_ORDER = " ORDER BY <choose><when test=\"sort == 'caseNo'\">c.case_no</when><when test=\"sort == 'dueAt'\">" + STEP_DUE
            + "</when><when test=\"sort == 'caseDueAt'\">c.due_at</when><otherwise>t.created_at</otherwise></choose>" + DIRECTION
            + ", t.task_id" + DIRECTION + " FETCH FIRST #{upTo} ROWS ONLY";

    /** ... and over the union (its column names). */
    String UNION_ORDER = " ORDER BY <choose><when test=\"sort == 'caseNo'\">u.case_no</when><when test=\"sort == 'dueAt'\">u.step_due_at"
            + "</when><when test=\"sort == 'caseDueAt'\">u.case_due_at</when><otherwise>u.created_at</otherwise></choose>" + DIRECTION
            + ", u.task_id" + DIRECTION + " OFFSET #{offset} ROWS FETCH NEXT #{limit} ROWS ONLY";

    @Select("<script><bind name='upTo' value='offset + limit'/>"
            + "SELECT u.task_id, u.case_id, u.case_no, u.case_type, u.process_definition_id, u.step, u.name, u.agency, u.candidate_group, "
            + "u.assignee, u.created_at, u.due_at, u.case_due_at, u.applicant_name, u.applicant_national_id, u.received_at FROM ("
            + "SELECT * FROM (" + COLUMNS + HELD + PART_ORDER + ") p"
            + "<if test='!mine'><foreach item='g' collection='groups'> UNION ALL SELECT * FROM (" + COLUMNS + GROUP + PART_ORDER + ") p</foreach></if>"
            + ") u" + UNION_ORDER + "</script>")
    @ConstructorArgs({ // the applicant's name is stored sealed (decision 033): opened here
        @Arg(column = "task_id", javaType = String.class, name = "taskId"),
        @Arg(column = "case_id", javaType = String.class, name = "caseId"),
        @Arg(column = "case_no", javaType = String.class, name = "caseNo"),
        @Arg(column = "case_type", javaType = String.class, name = "caseType"),
        @Arg(column = "process_definition_id", javaType = String.class, name = "processDefinitionId"),
        @Arg(column = "step", javaType = String.class, name = "step"),
        @Arg(column = "name", javaType = String.class, name = "name"),
        @Arg(column = "agency", javaType = String.class, name = "agency"),
        @Arg(column = "candidate_group", javaType = String.class, name = "candidateGroup"),
        @Arg(column = "assignee", javaType = String.class, name = "assignee"),
        @Arg(column = "created_at", javaType = Instant.class, name = "createdAt"),
        @Arg(column = "due_at", javaType = Instant.class, name = "dueAt"),
        @Arg(column = "case_due_at", javaType = Instant.class, name = "caseDueAt"),
        @Arg(column = "applicant_name", javaType = String.class, name = "applicantName", typeHandler = Sealed.class),
        @Arg(column = "applicant_national_id", javaType = String.class, name = "applicantNationalId"),
        @Arg(column = "received_at", javaType = Instant.class, name = "receivedAt")})
    List<Row> search(WorklistQuery query);

    /**
     * The count stops here (or just past the page asked for, if that is further): an exact count of a
     * hundred thousand tasks costs tens of milliseconds, a page of 50 under two; lists say "1000+".
     */
    int COUNT_CAP = 1000;

    String COUNT_PART = "SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM kuayu_task t<if test='" + CASE_FILTERED
            + "'> JOIN kuayu_case c ON c.id = t.case_id</if> WHERE ";

    String COUNT_PART_END = " FETCH FIRST #{countUpTo} ROWS ONLY) x";

    /** How many of the query's tasks there are, counting no further than {@link #countUpTo}. */
    @Select("<script><bind name='countUpTo' value='@java.lang.Math@max(" + COUNT_CAP + ", offset + limit + 1)'/>"
            + "SELECT SUM(n) FROM (" + COUNT_PART + HELD + COUNT_PART_END
            + "<if test='!mine'><foreach item='g' collection='groups'> UNION ALL " + COUNT_PART + GROUP + COUNT_PART_END + "</foreach></if>"
            + ") parts</script>")
    long count(WorklistQuery query);

    /** Where {@link #count} stops for this query. */
    static int countUpTo(WorklistQuery query) {
        return Math.max(COUNT_CAP, query.offset() + query.limit() + 1);
    }
}
