package tw.kuayu.tasks;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Select;

@Mapper
public interface OpinionMapper {

    record Opinion(String id, String caseId, String taskId, String step, String stepName, String agency, String userId,
                   String action, String opinion, Instant createdAt) {
    }

    @Insert("INSERT INTO kuayu_opinion (id, case_id, task_id, step, step_name, agency, user_id, action, opinion, created_at) "
            + "VALUES (#{id}, #{caseId}, #{taskId}, #{step}, #{stepName}, #{agency}, #{userId}, #{action}, #{opinion}, #{createdAt})")
    void insert(Opinion opinion);

    @Select("SELECT id, case_id, task_id, step, step_name, agency, user_id, action, opinion, created_at "
            + "FROM kuayu_opinion WHERE case_id = #{caseId} ORDER BY created_at, id")
    List<Opinion> findByCase(String caseId);
}
