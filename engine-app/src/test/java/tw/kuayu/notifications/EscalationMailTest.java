package tw.kuayu.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.cases.CaseDriver;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.sla.DeadlineWatch;

/**
 * Escalations by e-mail through a real SMTP server in this process (GreenMail): the engine's timers
 * remind the holder of a joint review, then tell the reviewing agency's supervisors; the deadline
 * watch tells the owning agency's approvers. Recipients are the identity store's users' addresses;
 * subjects and bodies are zh-TW and carry no national ID or applicant name.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class EscalationMailTest {

    static GreenMail SMTP;
    static final Map<String, Object> FACTORY = Map.of("factoryName", "小明精密機械有限公司內湖廠",
            "factoryAddress", "臺北市內湖區新湖二路168號", "mainProducts", "金屬結構組件");

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        SMTP = TestSmtp.start(registry);
        registry.add("kuayu.mail.from", () -> "kuayu-noreply@demo.kuayu.tw");
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;
    @Autowired
    CaseMapper caseMapper;
    @Autowired
    DeadlineWatch watch;
    @Autowired
    WorkingCalendar calendar;
    @Autowired
    Clock clock;

    CaseDriver cases;

    @BeforeEach
    void driver() throws Exception {
        cases = new CaseDriver(port);
        SMTP.purgeEmailFromAllMailboxes();
    }

    @Test
    void aLateReviewRemindsItsHolderThenTellsTheSupervisors() throws Exception {
        // factory registration: a reviewer's silence goes to its supervisor (public housing counts it as no objection)
        String id = cases.file("udd.clerk", "factory-registration", "A123456789", "王小明", FACTORY);
        String caseNo = cases.caseView(id, "udd.clerk").path("caseNo").asText();
        cases.act(id, "review", "udd.clerk", "sendForReview", "排定聯合會勘。");
        cases.act(id, "scheduleInspection", "udd.clerk", "schedule", "會同消防局、地政局現場會勘。", Map.of("inspectionDate", "2026-12-10"));
        cases.act(id, "recordInspection", "udd.clerk", "record", "現場確認廠房坐落工業區。");
        JsonNode landTask = cases.waitForTask(id, "jointReview", "land.reviewer");
        assertThat(cases.api.postJson("/api/tasks/" + landTask.path("id").asText() + "/claim", "land.reviewer", Map.of()).status())
                .isEqualTo(204);

        fireTimer(id, "reviewDue", "tpe-land");
        MimeMessage reminder = single("land.reviewer@demo.kuayu.tw");
        assertThat(reminder.getSubject()).isEqualTo("【跨域】催辦：案件 " + caseNo + " 會辦已屆回復期限");
        assertThat(reminder.getFrom()[0].toString()).isEqualTo("kuayu-noreply@demo.kuayu.tw");
        assertThat(body(reminder)).contains(caseNo, "工廠登記", "會辦已屆回復期限", "/worklist/cases/" + id)
                .doesNotContain("A123456789").doesNotContain("王小明");
        assertThat(recipients()).as("the holder only, not the whole land office").containsExactly("land.reviewer@demo.kuayu.tw");
        assertThat(cases.api.get("/api/notifications", "land.reviewer").json())
                .as("the in-app notice stays").anySatisfy(n -> assertThat(n.path("kind").asText()).isEqualTo("reminder"));

        SMTP.purgeEmailFromAllMailboxes();
        fireTimer(id, "escalationDue", "tpe-land");
        assertThat(cases.api.get("/api/notifications", "land.chief").json())
                .anySatisfy(n -> assertThat(n.path("kind").asText()).isEqualTo("escalation"));
        MimeMessage escalation = single("land.chief@demo.kuayu.tw");
        assertThat(escalation.getSubject()).isEqualTo("【跨域】逾期陳報：案件 " + caseNo + " 會辦逾期未回復");
        assertThat(body(escalation)).contains("已移請主管處理").doesNotContain("A123456789").doesNotContain("王小明");
        assertThat(recipients()).containsExactly("land.chief@demo.kuayu.tw");
    }

    @Test
    void aCaseNearingItsStatutoryDeadlineIsMailedToTheOwnersApprovers() throws Exception {
        String id = UUID.randomUUID().toString();
        String caseNo = "114-M" + id.substring(0, 6);
        Instant now = clock.instant();
        caseMapper.insert(new CaseRecord(id, caseNo, "public-housing-low-income", "tpe-udd", "in-progress", "A123456789", "王小明", "{}",
                null, now, calendar.dueAt(now, 1), null, "seed", null, null));

        assertThat(watch.run()).isPositive();
        MimeMessage mail = await().atMost(Duration.ofSeconds(10)).until(() -> Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> subject(m).contains(caseNo)).findFirst().orElse(null), m -> m != null);
        assertThat(mail.getSubject()).isEqualTo("【跨域】處理期限將屆：案件 " + caseNo);
        assertThat(mail.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("udd.chief@demo.kuayu.tw");
        assertThat(body(mail)).contains(caseNo, "距處理期限", "僅剩 1 個工作天").doesNotContain("A123456789").doesNotContain("王小明");
        assertThat(Arrays.stream(SMTP.getReceivedMessages()).filter(m -> subject(m).contains(caseNo)))
                .as("udd.chief is the only approver of tpe-udd").hasSize(1);
    }

    private MimeMessage single(String to) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> recipientsOf(m).contains(to)).findFirst().orElse(null), m -> m != null);
    }

    private List<String> recipients() {
        return Arrays.stream(SMTP.getReceivedMessages()).flatMap(m -> recipientsOf(m).stream()).toList();
    }

    private static List<String> recipientsOf(MimeMessage m) {
        try {
            return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(MimeMessage m) throws Exception {
        return m.getContent().toString().isEmpty() ? GreenMailUtil.getBody(m) : m.getContent().toString();
    }

    /** Runs the joint review's timer for one reviewing agency now instead of waiting working days for it. */
    private void fireTimer(String caseId, String activityId, String agency) {
        Job timer = await().atMost(Duration.ofSeconds(10)).until(() -> management.createJobQuery().timers().activityId(activityId).list()
                .stream().filter(j -> caseId.equals(runtime.getVariable(j.getProcessInstanceId(), "caseId"))
                        && agency.equals(runtime.getVariable(j.getExecutionId(), "reviewAgency"))).findFirst().orElse(null), j -> j != null);
        management.executeJob(timer.getId());
    }
}
