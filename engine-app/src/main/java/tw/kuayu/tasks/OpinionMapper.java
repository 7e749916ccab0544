package tw.kuayu.tasks;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Select;
import tw.kuayu.security.personaldata.PersonalDataTypeHandlers.Sealed;

/** {@code kuayu_opinion}. The opinion text (會辦意見, approval remarks) is written sealed and read back opened (decision 033). */
@Mapper
public interface OpinionMapper {

    record Opinion(String id, String caseId, String taskId, String step, String stepName, String agency, String userId,
                   String action, String opinion, Instant createdAt) {
    }

    @Insert("INSERT INTO kuayu_opinion (id, case_id, task_id, step, step_name, agency, user_id, action, opinion, created_at) "
            + "VALUES (#{id}, #{caseId}, #{taskId}, #{step}, #{stepName}, #{agency}, #{userId}, #{action}, "
            + "#{opinion, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$Sealed}, #{createdAt})")
    void insert(Opinion opinion);

    @Select("SELECT id, case_id, task_id, step, step_name, agency, user_id, action, opinion, created_at "
            + "FROM kuayu_opinion WHERE case_id = #{caseId} ORDER BY created_at, id")
    @ConstructorArgs({
        @Arg(column = "id", javaType = String.class, name = "id"),
        @Arg(column = "case_id", javaType = String.class, name = "caseId"),
        @Arg(column = "task_id", javaType = String.class, name = "taskId"),
        @Arg(column = "step", javaType = String.class, name = "step"),
        @Arg(column = "step_name", javaType = String.class, name = "stepName"),
        @Arg(column = "agency", javaType = String.class, name = "agency"),
        @Arg(column = "user_id", javaType = String.class, name = "userId"),
        @Arg(column = "action", javaType = String.class, name = "action"),
        @Arg(column = "opinion", javaType = String.class, name = "opinion", typeHandler = Sealed.class),
        @Arg(column = "created_at", javaType = Instant.class, name = "createdAt")})
    List<Opinion> findByCase(String caseId);
}
