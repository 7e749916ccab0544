package tw.kuayu.tasks;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Select;

/**
 * The worklist search over the read model {@code kuayu_task} joined with {@code kuayu_case}:
 * filters, order and paging all in SQL (portable to H2, PostgreSQL and Oracle 12c+), with the task
 * id as the last sort key so that pages never overlap or skip a row.
 */
@Mapper
public interface WorklistMapper {

    /**
     * A task row with what the list shows of its case. {@code applicantNationalId} is the stored masked form
     * (a row not yet sealed: the clear ID, masked before it leaves the server); the list never decrypts.
     */
    record Row(String taskId, String caseId, String caseNo, String caseType, String processDefinitionId, String step, String name,
               String agency, String candidateGroup, String assignee, Instant createdAt, Instant dueAt, Instant caseDueAt,
               String applicantName, String applicantNationalId, Instant receivedAt) {
    }

    /** The step's own deadline (a joint-review period, an SLA step target) or else the case's. */
    String STEP_DUE = "COALESCE(t.due_at, c.due_at)";

    String WHERE = " FROM kuayu_task t JOIN kuayu_case c ON c.id = t.case_id WHERE t.status = 'open' AND (t.assignee = #{user}"
            + "<if test='groups.size() > 0'> OR (t.candidate_group IN "
            + "<foreach item='g' collection='groups' open='(' separator=',' close=')'>#{g}</foreach>"
            + "<if test='!includeHeldByOthers'> AND (t.assignee IS NULL OR t.assignee = #{user})</if>)</if>)"
            + "<if test='caseType != null'> AND c.case_type = #{caseType}</if>"
            + "<if test='step != null'> AND t.step = #{step}</if>"
            + "<if test='mine'> AND t.assignee = #{user}</if>"
            + "<if test='unassigned'> AND t.assignee IS NULL</if>"
            + "<if test='overdue'> AND c.due_at &lt; #{now}</if>"
            + "<if test='dueBefore != null'> AND c.due_at &gt;= #{now} AND c.due_at &lt;= #{dueBefore}</if>"
            + "<if test='caseNoPrefix != null'> AND (c.case_no LIKE #{caseNoPrefix} ESCAPE '!'"
            + " OR c.applicant_name LIKE #{nameContains} ESCAPE '!'"
            + "<if test='applicantId != null'> OR c.applicant_id_hash = "
            + "#{applicantId, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$SearchHash}</if>)</if>";

    @Select("<script>SELECT t.task_id, t.case_id, c.case_no, c.case_type, t.process_definition_id, t.step, t.name, t.agency, "
            + "t.candidate_group, t.assignee, t.created_at, t.due_at, c.due_at AS case_due_at, c.applicant_name, "
            + "COALESCE(c.applicant_id_masked, c.applicant_national_id) AS applicant_national_id, c.received_at" + WHERE
            + " ORDER BY <choose><when test=\"sort == 'caseNo'\">c.case_no</when><when test=\"sort == 'dueAt'\">" + STEP_DUE
            + "</when><when test=\"sort == 'caseDueAt'\">c.due_at</when><otherwise>t.created_at</otherwise></choose><if test='descending'> DESC</if>, t.task_id"
            + " OFFSET #{offset} ROWS FETCH NEXT #{limit} ROWS ONLY</script>")
    List<Row> search(WorklistQuery query);

    @Select("<script>SELECT COUNT(*)" + WHERE + "</script>")
    long count(WorklistQuery query);
}
