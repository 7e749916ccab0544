package tw.kuayu.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseDriver;
import tw.kuayu.cases.CaseStatus;
import tw.kuayu.connectors.ConnectorRegistry;
import tw.kuayu.connectors.standin.AgencyStandIn;
import tw.kuayu.connectors.standin.Fault;

/**
 * 通報 end to end over real HTTP: an approved indigenous housing subsidy notifies the new home to the
 * household and tax sources of the stand-in, with the consent recorded at intake; a source that is
 * down is retried by the engine until it acknowledges; retries running out leave it failed with an
 * incident; without consent nothing is sent and the reason is recorded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class CaseNotificationEndToEndTest {

    static final String ADDRESS = "臺北市大安區和平東路二段106號5樓";

    @LocalServerPort
    int port;
    @Autowired
    AgencyStandIn standIn;
    @Autowired
    ConnectorRegistry connectors;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ChangeNotificationMapper notifications;

    CaseDriver cases;
    ApiClient api;

    @BeforeEach
    void driver() {
        cases = new CaseDriver(port);
        api = cases.api;
    }

    @AfterEach
    void heal() {
        standIn.faults().clearAll();
        connectors.sources().forEach(s -> connectors.circuitBreaker(s).ifPresent(b -> b.transitionToClosedState()));
    }

    /** Files a subsidy case (consent null: none recorded) and takes it up to the ruling. */
    String referredSubsidy(Boolean consent) {
        Map<String, Object> body = new HashMap<>();
        body.put("caseType", "indigenous-housing-subsidy");
        body.put("applicant", Map.of("nationalId", "A123456789", "name", "王小明"));
        body.put("data", Map.of("propertyAddress", ADDRESS, "purchaseDate", "1150301"));
        if (consent != null) {
            body.put("consent", Map.of("notification", consent, "statement", "申請書第5欄勾選"));
        }
        Answer filed = api.postJson("/api/cases", "district.clerk", body);
        assertThat(filed.status()).as(filed.text()).isEqualTo(201);
        String id = filed.json().path("id").asText();
        cases.act(id, "review", "district.clerk", "refer", "申請人具原住民身分，層轉核示。");
        cases.waitForTask(id, "referralRuling", "indigenous.officer");
        return id;
    }

    void approve(String id) {
        cases.act(id, "referralRuling", "indigenous.officer", "approve", "准予補助。");
        assertThat(cases.waitUntilClosed(id, "district.clerk").path("status").asText()).isEqualTo(CaseStatus.APPROVED);
    }

    JsonNode notificationsOf(String id, String user) {
        Answer answer = api.get("/api/cases/" + id + "/notifications", user);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    JsonNode notification(String id, String source) {
        for (JsonNode n : notificationsOf(id, "district.clerk").path("notifications")) {
            if (n.path("source").asText().equals(source)) {
                return n;
            }
        }
        return null;
    }

    JsonNode awaitState(String id, String source, String state) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> notification(id, source), n -> n != null && n.path("state").asText().equals(state));
    }

    List<AgencyStandIn.Received> received(String caseNo) {
        return standIn.notifications().stream().filter(n -> n.caseNo().equals(caseNo)).toList();
    }

    Job jobOf(String notificationId) {
        String instance = notifications.find(notificationId).processInstanceId();
        return management.createJobQuery().processInstanceId(instance).singleResult();
    }

    List<JsonNode> notifyAudit(String id) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/audit/data-access?caseId=" + id, "auditor").json().forEach(e -> {
            if (e.path("recordType").asText().startsWith("notify:")) {
                out.add(e);
            }
        });
        return out;
    }

    @Test
    void anApprovedSubsidyNotifiesTheNewHomeToHouseholdAndTaxWithTheApplicantsConsent() {
        String id = referredSubsidy(true);
        approve(id);
        String caseNo = cases.caseView(id, "district.clerk").path("caseNo").asText();

        JsonNode household = awaitState(id, "household", NotificationState.ACKNOWLEDGED);
        JsonNode tax = awaitState(id, "tax", NotificationState.ACKNOWLEDGED);
        assertThat(household.path("receiptNo").asText()).startsWith("HOUSEHOLD-");
        assertThat(household.path("stateLabel").asText()).isEqualTo("已受理");
        assertThat(household.path("attempts").asInt()).isEqualTo(1);
        assertThat(household.path("fields")).extracting(JsonNode::asText).containsExactly("propertyAddress");
        assertThat(tax.path("acknowledgedAt").isNull()).isFalse();

        JsonNode view = notificationsOf(id, "district.clerk");
        assertThat(view.path("consent").path("notification").asBoolean()).isTrue();
        assertThat(view.path("consent").path("recordedBy").asText()).isEqualTo("district.clerk");

        assertThat(received(caseNo)).hasSize(2).allSatisfy(n -> {
            assertThat(n.change()).isEqualTo("residence-address");
            assertThat(n.data()).containsExactly(Map.entry("propertyAddress", ADDRESS));
            assertThat(n.applicantMasked()).isEqualTo("A12****789");
            assertThat(n.legalBasis()).contains("經當事人同意");
            assertThat(n.deliveries()).isEqualTo(1);
        });
        assertThat(notifyAudit(id)).hasSize(2).allSatisfy(e -> {
            assertThat(e.path("outcome").asText()).isEqualTo(SendNotificationDelegate.NOTIFIED);
            assertThat(e.path("recordType").asText()).isEqualTo("notify:residence-address");
            assertThat(e.path("purpose").asText()).contains("受補助住宅地址");
        });

        // the referral level and auditors see it; an agency not involved does not
        assertThat(notificationsOf(id, "indigenous.officer").path("notifications")).hasSize(2);
        assertThat(notificationsOf(id, "auditor").path("notifications")).hasSize(2);
        assertThat(api.get("/api/cases/" + id + "/notifications", "tax.clerk").status()).isEqualTo(404);
    }

    @Test
    void aSourceThatIsDownIsRetriedByTheEngineUntilItAcknowledges() {
        String id = referredSubsidy(true);
        standIn.faults().set("household", Fault.down());
        approve(id);
        String caseNo = cases.caseView(id, "district.clerk").path("caseNo").asText();

        awaitState(id, "tax", NotificationState.ACKNOWLEDGED);
        JsonNode waiting = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> notification(id, "household"), n -> n != null && n.path("attempts").asInt() >= 1
                        && n.path("state").asText().equals(NotificationState.PENDING));
        assertThat(waiting.path("reason").asText()).contains("戶役政資料來源暫時無法連線");
        Job job = jobOf(waiting.path("id").asText());
        assertThat(job.getRetries()).as("the model's retry cycle R5/PT1M").isEqualTo(4);
        assertThat(received(caseNo)).extracting(AgencyStandIn.Received::source).containsExactly("tax");

        standIn.faults().clear("household");
        management.setJobDuedate(job.getId(), new Date()); // instead of waiting out the minute

        JsonNode done = awaitState(id, "household", NotificationState.ACKNOWLEDGED);
        assertThat(done.path("attempts").asInt()).isEqualTo(2);
        assertThat(done.path("reason").isNull()).isTrue();
        assertThat(received(caseNo)).hasSize(2).allSatisfy(n -> assertThat(n.deliveries()).isEqualTo(1));
        assertThat(notifyAudit(id)).filteredOn(e -> e.path("source").asText().equals("household"))
                .extracting(e -> e.path("outcome").asText()).containsExactly("failed", "notified");
    }

    @Test
    void whenRetriesRunOutTheNotificationFailsWithAnIncidentAndAnOperatorsRetryDeliversIt() {
        String id = referredSubsidy(true);
        standIn.faults().set("tax", Fault.error500());
        approve(id);
        awaitState(id, "household", NotificationState.ACKNOWLEDGED);
        JsonNode first = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> notification(id, "tax"), n -> n != null && n.path("attempts").asInt() >= 1
                        && n.path("state").asText().equals(NotificationState.PENDING));
        String notificationId = first.path("id").asText();
        Job job = jobOf(notificationId);
        while (job.getRetries() > 0) {
            try {
                management.executeJob(job.getId());
            } catch (RuntimeException expected) {
                // still failing
            }
            job = jobOf(notificationId);
        }
        JsonNode failed = notification(id, "tax");
        assertThat(failed.path("state").asText()).isEqualTo(NotificationState.FAILED);
        assertThat(failed.path("attempts").asInt()).isEqualTo(5);
        assertThat(runtime.createIncidentQuery().processInstanceId(notifications.find(notificationId).processInstanceId()).singleResult()
                .getIncidentMessage()).contains("財稅");

        standIn.faults().clear("tax");
        // the failures opened the tax source's circuit breaker; it would half-open by itself after 30 s
        connectors.circuitBreaker("tax").orElseThrow().transitionToClosedState();
        management.setJobRetries(job.getId(), 1); // "Retry" in Cockpit
        management.setJobDuedate(job.getId(), new Date());
        assertThat(awaitState(id, "tax", NotificationState.ACKNOWLEDGED).path("attempts").asInt()).isEqualTo(6);
    }

    @Test
    void withoutConsentNothingIsSentAndTheReasonIsRecorded() {
        String refused = referredSubsidy(false);
        String unrecorded = referredSubsidy(null);
        approve(refused);
        approve(unrecorded);

        for (String id : List.of(refused, unrecorded)) {
            JsonNode view = notificationsOf(id, "district.clerk");
            assertThat(view.path("notifications")).hasSize(2).allSatisfy(n -> {
                assertThat(n.path("state").asText()).isEqualTo(NotificationState.WITHHELD);
                assertThat(n.path("stateLabel").asText()).isEqualTo("未通報");
                assertThat(n.path("attempts").asInt()).isZero();
            });
            String caseNo = view.path("caseNo").asText();
            assertThat(received(caseNo)).isEmpty();
            assertThat(notifyAudit(id)).isEmpty();
            assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(CaseNotifier.PROCESS_KEY)
                    .variableValueEquals("caseId", id).count()).isZero();
        }
        assertThat(notificationsOf(refused, "district.clerk").path("consent").path("notification").asBoolean()).isFalse();
        assertThat(notificationsOf(refused, "district.clerk").path("notifications").get(0).path("reason").asText()).contains("不同意");
        assertThat(notificationsOf(unrecorded, "district.clerk").path("consent").isNull()).isTrue();
        assertThat(notificationsOf(unrecorded, "district.clerk").path("notifications").get(0).path("reason").asText()).contains("未表示");
    }

    @Test
    void aConsentWithoutAnAnswerIsRefusedAtIntake() {
        Answer answer = api.postJson("/api/cases", "district.clerk", Map.of("caseType", "indigenous-housing-subsidy",
                "applicant", Map.of("nationalId", "A123456789", "name", "王小明"),
                "data", Map.of("propertyAddress", ADDRESS), "consent", Map.of("statement", "口頭")));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("errors").toString()).contains("consent.notification");
    }
}
