package tw.kuayu.notifications;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * The mail outbox ({@code kuayu_mail_outbox}, decision 028). A sender claims a row with one conditional UPDATE that
 * only one node can win (portable: H2, PostgreSQL, Oracle), holds it for a lease, and finishes it only while it still
 * holds the claim.
 */
@Mapper
public interface OutboxMapper {

    String PENDING = "pending";
    String SENDING = "sending";
    String SENT = "sent";
    String FAILED = "failed";

    record OutboxMail(String id, String caseId, String recipient, String subject, String body, String state, int attempts,
                      Instant nextAttemptAt, String lastError, Instant createdAt, Instant finishedAt) {
    }

    record StateCount(String state, long mails) {
    }

    @Insert("INSERT INTO kuayu_mail_outbox (id, case_id, recipient, subject, body, state, attempts, next_attempt_at, created_at) "
            + "VALUES (#{id}, #{caseId}, #{recipient}, #{subject}, #{body}, 'pending', 0, #{createdAt}, #{createdAt})")
    void insert(@Param("id") String id, @Param("caseId") String caseId, @Param("recipient") String recipient,
                @Param("subject") String subject, @Param("body") String body, @Param("createdAt") Instant createdAt);

    /** Rows a sender may claim now: pending and due, or claimed by a sender whose lease ran out (it died mid-send). */
    @Select("SELECT id FROM kuayu_mail_outbox WHERE (state = 'pending' AND next_attempt_at <= #{now}) "
            + "OR (state = 'sending' AND lease_until < #{now}) ORDER BY next_attempt_at, id OFFSET 0 ROWS FETCH NEXT #{limit} ROWS ONLY")
    List<String> claimable(@Param("now") Instant now, @Param("limit") int limit);

    /** 1 when this sender won the row (and counted the attempt), 0 when another sender has it or it is no longer due. */
    @Update("UPDATE kuayu_mail_outbox SET state = 'sending', claimed_by = #{node}, lease_until = #{leaseUntil}, attempts = attempts + 1 "
            + "WHERE id = #{id} AND ((state = 'pending' AND next_attempt_at <= #{now}) OR (state = 'sending' AND lease_until < #{now}))")
    int claim(@Param("id") String id, @Param("node") String node, @Param("now") Instant now, @Param("leaseUntil") Instant leaseUntil);

    @Select("SELECT id, case_id, recipient, subject, body, state, attempts, next_attempt_at, last_error, created_at, finished_at "
            + "FROM kuayu_mail_outbox WHERE id = #{id}")
    OutboxMail find(String id);

    @Update("UPDATE kuayu_mail_outbox SET state = 'sent', finished_at = #{now}, lease_until = NULL, last_error = NULL "
            + "WHERE id = #{id} AND claimed_by = #{node} AND state = 'sending'")
    int sent(@Param("id") String id, @Param("node") String node, @Param("now") Instant now);

    /** Back to pending for a later attempt, or failed for good ({@code nextAttemptAt} is then kept as the last attempt's time). */
    @Update("UPDATE kuayu_mail_outbox SET state = #{state}, next_attempt_at = #{nextAttemptAt}, lease_until = NULL, last_error = #{error}, "
            + "finished_at = #{finishedAt} WHERE id = #{id} AND claimed_by = #{node} AND state = 'sending'")
    int attemptFailed(@Param("id") String id, @Param("node") String node, @Param("state") String state,
                      @Param("nextAttemptAt") Instant nextAttemptAt, @Param("error") String error, @Param("finishedAt") Instant finishedAt);

    /** A given-up mail back in the queue with a fresh set of attempts, due now; 0 when it is not (or no longer) failed. */
    @Update("UPDATE kuayu_mail_outbox SET state = 'pending', attempts = 0, next_attempt_at = #{now}, finished_at = NULL "
            + "WHERE id = #{id} AND state = 'failed'")
    int requeue(@Param("id") String id, @Param("now") Instant now);

    /** Every given-up mail back in the queue (after an SMTP outage longer than the retries lasted). */
    @Update("UPDATE kuayu_mail_outbox SET state = 'pending', attempts = 0, next_attempt_at = #{now}, finished_at = NULL "
            + "WHERE state = 'failed'")
    int requeueFailed(@Param("now") Instant now);

    @Select("SELECT state, COUNT(*) AS mails FROM kuayu_mail_outbox GROUP BY state")
    List<StateCount> countByState();

    @Select("SELECT id, case_id, recipient, subject, body, state, attempts, next_attempt_at, last_error, created_at, finished_at "
            + "FROM kuayu_mail_outbox WHERE state = 'failed' ORDER BY finished_at DESC, id OFFSET 0 ROWS FETCH NEXT #{limit} ROWS ONLY")
    List<OutboxMail> latestFailures(int limit);

    /** Pending rows whose last attempt failed: the SMTP server is refusing or unreachable right now. */
    @Select("SELECT id, case_id, recipient, subject, body, state, attempts, next_attempt_at, last_error, created_at, finished_at "
            + "FROM kuayu_mail_outbox WHERE state = 'pending' AND attempts > 0 ORDER BY next_attempt_at, id OFFSET 0 ROWS FETCH NEXT #{limit} ROWS ONLY")
    List<OutboxMail> retrying(int limit);

    @Select("SELECT id, case_id, recipient, subject, body, state, attempts, next_attempt_at, last_error, created_at, finished_at "
            + "FROM kuayu_mail_outbox WHERE case_id = #{caseId} ORDER BY created_at, id")
    List<OutboxMail> ofCase(String caseId);

    /** Sent mails older than the retention: the outbox is a queue, not an archive (the in-app notice is the record). */
    @org.apache.ibatis.annotations.Delete("DELETE FROM kuayu_mail_outbox WHERE state = 'sent' AND finished_at < #{before}")
    int purgeSent(@Param("before") Instant before);
}
