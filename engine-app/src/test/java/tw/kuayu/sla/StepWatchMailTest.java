package tw.kuayu.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.notifications.NotificationMapper;
import tw.kuayu.notifications.NotificationMapper.Notification;
import tw.kuayu.tasks.TaskMapper;
import tw.kuayu.tasks.TaskMapper.TaskRow;
import tw.kuayu.notifications.TestSmtp;

/**
 * Step reminders and late-step notices ({@link StepWatch}) in-app and through a real SMTP server (GreenMail): a step
 * nearing its due date reminds its holder once, a late step tells the agency's approvers once, and joint review's own
 * timers are not doubled. Tasks are rows in the read model with due dates relative to now (as in {@link SlaJobsTest}).
 */
@SpringBootTest
@ActiveProfiles({"demo", "test"})
class StepWatchMailTest {

    /** One server per test class (a subclass runs on PostgreSQL in the same JVM). */
    static GreenMail SMTP;

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        SMTP = TestSmtp.start(registry);
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
    }

    @Autowired
    CaseMapper cases;
    @Autowired
    TaskMapper tasks;
    @Autowired
    NotificationMapper notifications;
    @Autowired
    StepWatch watch;
    @Autowired
    WorkingCalendar calendar;
    @Autowired
    Clock clock;
    @Autowired
    RepositoryService repository;
    @Autowired
    JdbcTemplate jdbc;

    SlaSeed seed;

    @BeforeEach
    void reset() throws Exception {
        seed = new SlaSeed(cases, tasks);
        SMTP.purgeEmailFromAllMailboxes();
    }

    @Test
    void aClaimedStepIsRemindedToItsHolderOnceThenReportedLateToTheSupervisorsOnce() throws Exception {
        Instant now = clock.instant();
        String caseId = open("R");
        String caseNo = caseNo("R");
        String taskId = task(caseId, "seed-pd", "review", "審查", "tpe-tax", "tpe-tax", "tax.clerk", calendar.dueAt(now, 1));

        watch.run();
        List<Notification> notices = notifications.ofCase(caseId);
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0).kind()).isEqualTo(StepWatch.REMINDER);
        assertThat(notices.get(0).recipientGroup()).isEqualTo("tpe-tax");
        assertThat(notices.get(0).message()).contains(caseNo, "「審查」", "到期").doesNotContain("王小明").doesNotContain("A123456789");
        MimeMessage reminder = await().atMost(Duration.ofSeconds(10)).until(() -> mailsAbout(caseNo).stream().findFirst().orElse(null),
                m -> m != null);
        assertThat(reminder.getSubject()).isEqualTo("【跨域】步驟將屆期限：案件 " + caseNo + "「審查」");
        assertThat(body(reminder)).contains(caseNo, "自用住宅", "/worklist/cases/" + caseId).doesNotContain("王小明").doesNotContain("A123456789");
        assertThat(recipients(caseNo)).as("the holder only, not the whole tax office").containsExactly("tax.clerk@demo.kuayu.tw");

        watch.run();
        assertThat(notifications.ofCase(caseId)).as("once per task").hasSize(1);
        assertThat(mailsAbout(caseNo)).hasSize(1);

        jdbc.update("UPDATE kuayu_task SET due_at = ? WHERE task_id = ?", Timestamp.from(now.minus(Duration.ofHours(1))), taskId);
        SMTP.purgeEmailFromAllMailboxes();
        watch.run();
        List<Notification> late = notifications.ofCase(caseId).stream().filter(n -> n.kind().equals(StepWatch.LATE)).toList();
        assertThat(late).hasSize(1);
        assertThat(late.get(0).recipientGroup()).isEqualTo("tpe-tax.approver");
        assertThat(late.get(0).message()).contains(caseNo, "已逾期限").doesNotContain("王小明").doesNotContain("A123456789");
        MimeMessage lateMail = await().atMost(Duration.ofSeconds(10)).until(() -> mailsAbout(caseNo).stream().findFirst().orElse(null),
                m -> m != null);
        assertThat(lateMail.getSubject()).isEqualTo("【跨域】步驟逾期：案件 " + caseNo + "「審查」");
        assertThat(body(lateMail)).doesNotContain("王小明").doesNotContain("A123456789");
        assertThat(recipients(caseNo)).as("tax.chief is the only approver of tpe-tax").containsExactly("tax.chief@demo.kuayu.tw");

        watch.run();
        assertThat(notifications.ofCase(caseId)).as("once per task and kind").hasSize(2);
        assertThat(mailsAbout(caseNo)).hasSize(1);
    }

    @Test
    void anUnclaimedStepIsRemindedToTheWholeGroupAndQuietStepsAreLeftAlone() throws Exception {
        Instant now = clock.instant();
        String unclaimed = open("U");
        task(unclaimed, "seed-pd", "approve", "決行", "tpe-tax", "tpe-tax", null, calendar.dueAt(now, 1));
        String farOff = open("F");
        task(farOff, "seed-pd", "review", "審查", "tpe-tax", "tpe-tax", null, calendar.dueAt(now, 3));
        String stopped = open("S");
        task(stopped, "seed-pd", "review", "審查", "tpe-tax", "tpe-tax", null, now.minus(Duration.ofHours(1)));
        cases.stopClock(stopped, now);

        watch.run();
        assertThat(notifications.ofCase(unclaimed)).singleElement().satisfies(n -> assertThat(n.kind()).isEqualTo(StepWatch.REMINDER));
        await().atMost(Duration.ofSeconds(10)).until(() -> mailsAbout(caseNo("U")).size() == 2);
        assertThat(recipients(caseNo("U"))).as("nobody holds it: everyone in the tax office")
                .containsExactlyInAnyOrder("tax.clerk@demo.kuayu.tw", "tax.chief@demo.kuayu.tw");
        assertThat(notifications.ofCase(farOff)).as("three working days away").isEmpty();
        assertThat(notifications.ofCase(stopped)).as("the clock is stopped (補正)").isEmpty();
        assertThat(mailsAbout(caseNo("F"))).isEmpty();
        assertThat(mailsAbout(caseNo("S"))).isEmpty();
    }

    @Test
    void aJointReviewWithItsOwnTimersIsNotRemindedTwiceButItsEscalatedStepIs() throws Exception {
        String jointReview = repository.createProcessDefinitionQuery().processDefinitionKey("joint-review").latestVersion().singleResult().getId();
        Instant past = clock.instant().minus(Duration.ofHours(1));
        String timed = open("J");
        task(timed, jointReview, "jointReview", "會辦審查", "tpe-land", "tpe-land", "land.reviewer", past);
        String escalated = open("E");
        task(escalated, jointReview, "jointReviewEscalated", "會辦審查（主管）", "tpe-land", "tpe-land.approver", null, past);

        watch.run();
        assertThat(notifications.ofCase(timed)).as("reviewDue / escalationDue timers do this").isEmpty();
        assertThat(notifications.ofCase(escalated)).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(StepWatch.LATE);
            assertThat(n.recipientGroup()).isEqualTo("tpe-land.approver");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> mailsAbout(caseNo("E")).size() == 1);
        assertThat(recipients(caseNo("E"))).containsExactly("land.chief@demo.kuayu.tw");
        assertThat(mailsAbout(caseNo("J"))).isEmpty();
    }

    private String open(String letter) {
        Instant now = clock.instant();
        return seed.insert(letter, SlaSeed.TAX, "tpe-tax", now, calendar.dueAt(now, 10), "in-progress", null);
    }

    private String caseNo(String letter) {
        return "114-" + seed.prefix + "-" + letter;
    }

    private String task(String caseId, String definition, String step, String name, String agency, String group, String assignee, Instant due) {
        String id = UUID.randomUUID().toString();
        tasks.insert(new TaskRow(id, caseId, "seed-pi", definition, step, name, agency, group, assignee, TaskMapper.OPEN, clock.instant(), due,
                null));
        return id;
    }

    private static List<MimeMessage> mailsAbout(String caseNo) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> subject(m).contains(caseNo)).toList();
    }

    private static List<String> recipients(String caseNo) {
        return mailsAbout(caseNo).stream().flatMap(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(MimeMessage m) throws Exception {
        return m.getContent().toString().isEmpty() ? GreenMailUtil.getBody(m) : m.getContent().toString();
    }
}
