package tw.kuayu.notifications;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

@Mapper
public interface NotificationMapper {

    record Notification(String id, String caseId, String recipientGroup, String kind, String message, Instant createdAt) {
    }

    @Insert("INSERT INTO kuayu_notification (id, case_id, recipient_group, kind, message, created_at) "
            + "VALUES (#{id}, #{caseId}, #{recipientGroup}, #{kind}, #{message}, #{createdAt})")
    void insert(Notification notification);

    /** A notice about one task (step reminder, late step): the task id makes "once per task and kind" a lookup. */
    @Insert("INSERT INTO kuayu_notification (id, case_id, recipient_group, kind, message, created_at, task_id) "
            + "VALUES (#{n.id}, #{n.caseId}, #{n.recipientGroup}, #{n.kind}, #{n.message}, #{n.createdAt}, #{taskId})")
    void insertForTask(@Param("n") Notification notification, @Param("taskId") String taskId);

    /**
     * An announcement that may come again: a late-step notice to be repeated from {@code repeatAt} on (null: not
     * repeated), or a deadline notice given at {@code thresholdDays} working days before the deadline.
     */
    @Insert("INSERT INTO kuayu_notification (id, case_id, recipient_group, kind, message, created_at, task_id, repeat_at, threshold_days) "
            + "VALUES (#{n.id}, #{n.caseId}, #{n.recipientGroup}, #{n.kind}, #{n.message}, #{n.createdAt}, #{taskId}, #{repeatAt}, "
            + "#{thresholdDays})")
    void insertAnnouncement(@Param("n") Notification notification, @Param("taskId") String taskId, @Param("repeatAt") Instant repeatAt,
                            @Param("thresholdDays") Integer thresholdDays);

    @Select("<script>SELECT id, case_id, recipient_group, kind, message, created_at FROM kuayu_notification "
            + "WHERE recipient_group IN <foreach item='g' collection='groups' open='(' separator=',' close=')'>#{g}</foreach> "
            + "ORDER BY created_at DESC, id OFFSET 0 ROWS FETCH NEXT #{limit} ROWS ONLY</script>")
    List<Notification> forGroups(@Param("groups") Collection<String> groups, @Param("limit") int limit);

    @Select("SELECT id, case_id, recipient_group, kind, message, created_at FROM kuayu_notification "
            + "WHERE case_id = #{caseId} ORDER BY created_at, id")
    List<Notification> ofCase(String caseId);

    /** Who holds (has claimed) the open tasks of a case offered to a group: the people a reminder goes to first. */
    @Select("SELECT DISTINCT assignee FROM kuayu_task WHERE case_id = #{caseId} AND candidate_group = #{group} AND status = 'open' "
            + "AND assignee IS NOT NULL")
    List<String> holders(@Param("caseId") String caseId, @Param("group") String group);
}
