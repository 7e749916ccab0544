package tw.kuayu.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.notifications.NotificationMapper;
import tw.kuayu.notifications.NotificationMapper.Notification;
import tw.kuayu.notifications.SettableClock;
import tw.kuayu.tasks.TaskMapper;
import tw.kuayu.tasks.TaskMapper.TaskRow;
import tw.kuayu.notifications.TestSmtp;

/**
 * Repeat announcements as the days pass ({@link SettableClock} moves time; the watches run as their schedule would):
 * a step that stays late is announced to the supervisors again every working day, up to the cap, one in-app notice
 * and one mail per announcement; a case nearing its statutory deadline is flagged once at each threshold (2 working
 * days before, and on the due day). Mail goes through the outbox to a real SMTP server (GreenMail).
 */
@SpringBootTest
@ActiveProfiles({"demo", "test"})
@Import(SettableClock.Config.class)
class EscalationRepeatTest {

    static GreenMail SMTP;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SMTP = TestSmtp.start(registry);
        // the test runs the watches itself, at the times it sets
        registry.add("kuayu.sla.step-check-interval", () -> "1h");
        registry.add("kuayu.sla.deadline-check-interval", () -> "1h");
        registry.add("kuayu.sla.step-late-repeat-working-days", () -> "1");
        registry.add("kuayu.sla.step-late-max-announcements", () -> "3");
        registry.add("kuayu.sla.deadline-warning-working-days", () -> "2,0");
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
    StepWatch steps;
    @Autowired
    DeadlineWatch deadlines;
    @Autowired
    WorkingCalendar calendar;
    @Autowired
    SettableClock clock;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aStepThatStaysLateIsAnnouncedAgainEachWorkingDayUpToTheCap() {
        SlaSeed seed = new SlaSeed(cases, tasks);
        Instant start = clock.instant();
        String caseId = seed.insert("L", SlaSeed.TAX, "tpe-tax", start, calendar.dueAt(start, 10), "in-progress", null);
        String caseNo = "114-" + seed.prefix + "-L";
        String taskId = UUID.randomUUID().toString();
        tasks.insert(new TaskRow(taskId, caseId, "seed-pi", "seed-pd", "review", "審查", "tpe-tax", "tpe-tax", "tax.clerk", TaskMapper.OPEN,
                start, start.minus(Duration.ofHours(1)), null));

        steps.run();
        assertThat(late(caseId)).hasSize(1);
        awaitMails(caseNo, 1);
        steps.run();
        assertThat(late(caseId)).as("not again the same day").hasSize(1);

        Instant repeatAt = repeatAt(taskId);
        LocalDate repeatDay = repeatAt.atZone(WorkingCalendar.TAIPEI).toLocalDate();
        assertThat(calendar.isWorkingDay(repeatDay)).isTrue();
        assertThat(calendar.between(start, repeatAt)).as("the next working day").isEqualTo(1);
        assertThat(repeatAt.atZone(WorkingCalendar.TAIPEI).toLocalTime()).as("at the time of day it was first announced")
                .isEqualTo(start.atZone(WorkingCalendar.TAIPEI).toLocalTime());

        clock.set(repeatAt.minus(Duration.ofMinutes(1)));
        steps.run();
        assertThat(late(caseId)).hasSize(1);
        clock.set(repeatAt);
        steps.run();
        List<Notification> twice = late(caseId);
        assertThat(twice).hasSize(2);
        assertThat(twice.get(1).recipientGroup()).isEqualTo("tpe-tax.approver");
        assertThat(twice.get(1).message()).contains(caseNo, "「審查」", "逾期 1 個工作天", "第 2 次通知").doesNotContain("王小明");
        List<MimeMessage> mails = awaitMails(caseNo, 2);
        assertThat(subjects(mails)).containsExactlyInAnyOrder("【跨域】步驟逾期：案件 " + caseNo + "「審查」",
                "【跨域】步驟仍逾期：案件 " + caseNo + "「審查」");

        clock.set(repeatAt(taskId));
        steps.run();
        assertThat(late(caseId)).hasSize(3);
        assertThat(repeatAt(taskId)).as("the third is the last (cap 3)").isNull();
        clock.set(calendar.dueAt(clock.instant(), 5));
        steps.run();
        assertThat(late(caseId)).as("capped").hasSize(3);
        assertThat(awaitMails(caseNo, 3)).hasSize(3);
    }

    @Test
    void aCaseNearingItsDeadlineIsFlaggedOnceAtEachThreshold() {
        SlaSeed seed = new SlaSeed(cases, tasks);
        Instant start = clock.instant();
        Instant due = calendar.dueAt(start, 2);
        String caseId = seed.insert("D", SlaSeed.HOUSING, "tpe-udd", start, due, "in-progress", null);
        String caseNo = "114-" + seed.prefix + "-D";

        deadlines.run();
        assertThat(deadline(caseId)).singleElement().satisfies(n -> assertThat(n.message()).contains("僅剩 2 個工作天"));
        deadlines.run();
        assertThat(deadline(caseId)).as("once at this threshold").hasSize(1);

        clock.set(due.atZone(WorkingCalendar.TAIPEI).toLocalDate().atTime(LocalTime.of(9, 0)).atZone(WorkingCalendar.TAIPEI).toInstant());
        deadlines.run();
        List<Notification> flagged = deadline(caseId);
        assertThat(flagged).hasSize(2);
        assertThat(flagged.get(1).recipientGroup()).isEqualTo("tpe-udd.approver");
        assertThat(flagged.get(1).message()).contains(caseNo, "今日", "屆處理期限");
        deadlines.run();
        clock.set(due.plus(Duration.ofDays(3)));
        deadlines.run();
        assertThat(deadline(caseId)).as("once per threshold: overdue after the last one is not flagged again").hasSize(2);
        List<MimeMessage> mails = awaitMails(caseNo, 2);
        assertThat(subjects(mails)).containsOnly("【跨域】處理期限將屆：案件 " + caseNo);
    }

    private List<Notification> late(String caseId) {
        return notifications.ofCase(caseId).stream().filter(n -> n.kind().equals(StepWatch.LATE)).toList();
    }

    private List<Notification> deadline(String caseId) {
        return notifications.ofCase(caseId).stream().filter(n -> n.kind().equals(DeadlineWatch.KIND)).toList();
    }

    private Instant repeatAt(String taskId) {
        Timestamp at = jdbc.queryForObject("SELECT repeat_at FROM kuayu_notification WHERE task_id = ? AND kind = ? ORDER BY created_at DESC "
                + "FETCH FIRST 1 ROWS ONLY", Timestamp.class, taskId, StepWatch.LATE);
        return at == null ? null : at.toInstant();
    }

    /** Waits for exactly this many mails about the case (the outbox's sender runs every 200 ms in tests). */
    private static List<MimeMessage> awaitMails(String caseNo, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> mailsAbout(caseNo).size() >= count);
        List<MimeMessage> mails = mailsAbout(caseNo);
        assertThat(mails).hasSize(count);
        return mails;
    }

    private static List<MimeMessage> mailsAbout(String caseNo) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> subject(m).contains(caseNo)).toList();
    }

    private static List<String> subjects(List<MimeMessage> mails) {
        return mails.stream().map(EscalationRepeatTest::subject).toList();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
