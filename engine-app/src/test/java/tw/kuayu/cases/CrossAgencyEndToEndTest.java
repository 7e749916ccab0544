package tw.kuayu.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.connectors.standin.AgencyStandIn;

/**
 * The three cross-agency case types end to end through the public API as the demo users: joint
 * review (會辦) with co-signing (會銜), joint review with site inspection and a late reviewer
 * escalated to the supervisor, referral upward (層轉核示); withdrawal and correction; and every
 * uninvolved agency kept out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class CrossAgencyEndToEndTest {

    static final Map<String, Object> HOUSING = Map.of("housingProject", "興隆公共住宅二區", "unitType", "二房型");
    static final Map<String, Object> FACTORY = Map.of("factoryName", "小明精密機械有限公司內湖廠",
            "factoryAddress", "臺北市內湖區新湖二路168號", "mainProducts", "金屬結構組件");
    static final Map<String, Object> INDIGENOUS = Map.of("propertyAddress", "臺北市大安區和平東路二段106號5樓", "purchaseDate", "1150301");

    @LocalServerPort
    int port;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    AgencyStandIn standIn;

    CaseDriver cases;
    ApiClient api;

    @BeforeEach
    void driver() {
        cases = new CaseDriver(port);
        api = cases.api;
    }

    @Test
    void publicHousingIsJointlyReviewedAndTheDecisionCarriesBothAgenciesSignatures() throws Exception {
        String id = cases.file("udd.clerk", "public-housing-low-income", "A123456789", "王小明", HOUSING);
        cases.act(id, "review", "udd.clerk", "sendForReview", "申請人列冊低收入戶，送社會局、地政局會辦。");

        JsonNode socialTask = cases.waitForTask(id, "jointReview", "social.reviewer");
        JsonNode landTask = cases.waitForTask(id, "jointReview", "land.reviewer");
        assertThat(socialTask.path("agency").asText()).isEqualTo("tpe-social");
        assertThat(socialTask.path("actions")).extracting(JsonNode::asText).containsExactly("concur", "object");

        // a reviewer reads the case; an uninvolved agency gets 404 and cannot act on anything
        assertThat(api.get("/api/cases/" + id, "social.reviewer").status()).isEqualTo(200);
        for (String outsider : List.of("fire.reviewer", "tax.clerk", "district.clerk")) {
            assertThat(api.get("/api/cases/" + id, outsider).status()).as(outsider).isEqualTo(404);
            assertThat(api.postJson("/api/tasks/" + socialTask.path("id").asText() + "/complete", outsider,
                    Map.of("action", "concur")).status()).as(outsider).isEqualTo(403);
        }
        assertThat(api.postJson("/api/tasks/" + socialTask.path("id").asText() + "/complete", "land.reviewer",
                Map.of("action", "concur")).status()).as("one reviewer cannot answer for another").isEqualTo(403);
        String caseNo = cases.caseView(id, "udd.clerk").path("caseNo").asText();
        assertThat(api.get("/engine-rest/task?processInstanceBusinessKey=" + caseNo, "fire.reviewer").json()).isEmpty();
        Answer socialRest = api.get("/engine-rest/task?processInstanceBusinessKey=" + caseNo, "social.reviewer");
        assertThat(socialRest.status()).as(socialRest.text()).isEqualTo(200);
        assertThat(socialRest.json()).as(socialRest.text())
                .extracting(t -> t.path("id").asText()).containsExactly(socialTask.path("id").asText());

        cases.act(id, "jointReview", "social.reviewer", "concur", "經查申請人確為本市列冊低收入戶，無意見。");
        cases.act(id, "jointReview", "land.reviewer", "concur", "查申請人名下無本市自有住宅，無意見。");

        // the owner sees every opinion side by side; a reviewer sees the owner's record and its own
        JsonNode owner = cases.caseView(id, "udd.clerk");
        assertThat(owner.path("opinions")).extracting(o -> o.path("agency").asText())
                .containsExactlyInAnyOrder("tpe-udd", "tpe-social", "tpe-land");
        assertThat(cases.caseView(id, "social.reviewer").path("opinions")).extracting(o -> o.path("agency").asText())
                .containsExactlyInAnyOrder("tpe-udd", "tpe-social");

        cases.act(id, "consolidate", "udd.clerk", "approve", "會辦機關均無意見，擬准予承租。");
        cases.act(id, "approve", "udd.chief", "approve", "准。");

        JsonNode coSign = cases.waitForTask(id, "coSign", "social.chief");
        assertThat(coSign.path("actions")).extracting(JsonNode::asText).containsExactly("sign", "return");
        assertThat(api.get("/api/cases/" + id + "/decision.pdf", "udd.clerk").status()).as("a draft is not served").isEqualTo(404);
        cases.act(id, "coSign", "social.chief", "sign", "同意會銜。");

        JsonNode closed = cases.waitUntilClosed(id, "udd.clerk");
        assertThat(closed.path("status").asText()).isEqualTo(CaseStatus.APPROVED);
        Answer pdf = await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/cases/" + id + "/decision.pdf", "social.chief"),
                a -> a.status() == 200);
        LandValueTaxEndToEndTest.assertPdfsigAccepts(pdf.body(), 2);
        JsonNode verified = api.send("POST", "/api/decisions/verify", null, "application/pdf", pdf.body()).json();
        assertThat(verified.path("valid").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.path("signatures")).extracting(s -> s.path("valid").asBoolean()).containsExactly(true, true);
    }

    @Test
    void aCoSignerSendingTheDecisionBackReturnsTheCaseToTheOwner() {
        String id = publicHousingApprovedByTheOwner();
        cases.act(id, "coSign", "social.chief", "return", "房型核配與本局列冊資料不符，請再確認。");

        cases.waitForTask(id, "consolidate", "udd.clerk");
        JsonNode view = cases.caseView(id, "udd.clerk");
        assertThat(view.path("status").asText()).isEqualTo(CaseStatus.IN_PROGRESS);
        assertThat(view.path("decision").isNull()).as("the returned draft is discarded, not shown").isTrue();
    }

    @Test
    void factoryRegistrationHasASiteInspectionAndALateReviewerGoesToTheSupervisor() {
        String id = cases.file("udd.clerk", "factory-registration", "A123456789", "王小明", FACTORY);
        cases.act(id, "review", "udd.clerk", "sendForReview", "工廠坐落工業區，排定聯合會勘。");

        JsonNode schedule = cases.waitForTask(id, "scheduleInspection", "udd.clerk");
        Answer unknownField = api.postJson("/api/tasks/" + schedule.path("id").asText() + "/complete", "udd.clerk",
                Map.of("action", "schedule", "data", Map.of("inspectionDate", "2026-12-10", "bribe", "yes")));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().path("errors").toString()).contains("data.bribe");
        cases.act(id, "scheduleInspection", "udd.clerk", "schedule", "會同消防局、地政局現場會勘。", Map.of("inspectionDate", "2026-12-10"));
        cases.act(id, "recordInspection", "udd.clerk", "record", "現場確認廠房坐落第二種工業區，消防設備齊全。");

        cases.act(id, "jointReview", "land.reviewer", "concur", "土地使用分區為工業區，無意見。");
        cases.waitForTask(id, "jointReview", "fire.reviewer");

        // the fire department lets its deadline pass: first a reminder, then the step goes to its supervisor
        fireTimer(id, "reviewDue");
        assertThat(api.get("/api/notifications", "fire.reviewer").json())
                .anySatisfy(n -> assertThat(n.path("kind").asText()).isEqualTo("reminder"));
        fireTimer(id, "escalationDue");
        assertThat(api.get("/api/tasks", "fire.reviewer").json().path("items"))
                .noneSatisfy(t -> assertThat(t.path("caseId").asText()).isEqualTo(id));
        assertThat(api.get("/api/notifications", "fire.chief").json())
                .anySatisfy(n -> assertThat(n.path("kind").asText()).isEqualTo("escalation"));
        cases.act(id, "jointReviewEscalated", "fire.chief", "object", "廠房未設置自動撒水設備，不符消防法規定。");

        cases.act(id, "consolidate", "udd.clerk", "reject", "消防局表示廠房消防安全設備不符規定，擬駁回。");
        cases.act(id, "approve", "udd.chief", "reject", "廠房消防安全設備不符規定，駁回。");
        JsonNode closed = cases.waitUntilClosed(id, "udd.clerk");
        assertThat(closed.path("status").asText()).isEqualTo(CaseStatus.REJECTED);
        assertThat(closed.path("opinions")).extracting(o -> o.path("step").asText())
                .contains("scheduleInspection", "recordInspection", "jointReview", "jointReviewEscalated");
        assertSignedBy(id, "udd.clerk", 1);
    }

    @Test
    void indigenousHousingIsReferredUpAndDecidedByTheHigherAuthority() {
        String id = cases.file("district.clerk", "indigenous-housing-subsidy", "A123456789", "王小明", INDIGENOUS);
        assertThat(api.get("/api/cases/" + id, "indigenous.officer").status()).as("not yet referred").isEqualTo(404);
        cases.act(id, "review", "district.clerk", "refer", "申請人具原住民身分，設籍本市，層轉核示。");

        JsonNode ruling = cases.waitForTask(id, "referralRuling", "indigenous.officer");
        assertThat(ruling.path("actions")).extracting(JsonNode::asText).containsExactly("approve", "reject", "return");
        cases.act(id, "referralRuling", "indigenous.officer", "return", "請補附購屋契約影本。");
        cases.act(id, "review", "district.clerk", "refer", "已補正，再陳核示。");
        cases.act(id, "referralRuling", "indigenous.officer", "approve", "准予補助。");

        JsonNode closed = cases.waitUntilClosed(id, "district.clerk");
        assertThat(closed.path("status").asText()).isEqualTo(CaseStatus.APPROVED);
        JsonNode decision = await().atMost(Duration.ofSeconds(30))
                .until(() -> cases.caseView(id, "district.clerk").path("decision"), d -> !d.isNull());
        assertThat(decision.path("documentNo").asText()).as("issued by the deciding level").startsWith("北市原經字");
        assertThat(decision.path("signers")).extracting(JsonNode::asText).containsExactly("tpe-indigenous");
        assertSignedBy(id, "indigenous.officer", 1);
    }

    @Test
    void theApplicantCanWithdrawWhileTheCaseIsInJointReview() {
        String id = cases.file("udd.clerk", "public-housing-low-income", "A123456789", "王小明", HOUSING);
        cases.act(id, "review", "udd.clerk", "sendForReview", "送會辦。");
        cases.waitForTask(id, "jointReview", "social.reviewer");

        assertThat(api.postJson("/api/cases/" + id + "/withdraw", "social.reviewer", Map.of("note", "x")).status())
                .as("only the owning agency records a withdrawal").isEqualTo(403);
        assertThat(api.postJson("/api/cases/" + id + "/withdraw", "udd.manager", Map.of("note", "x")).status())
                .as("the agency's manager reads the case but does not act on it").isEqualTo(403);
        assertThat(cases.caseView(id, "udd.manager").path("caseNo").asText()).isNotBlank();
        assertThat(api.postJson("/api/cases", "udd.manager", Map.of("caseType", "public-housing-low-income",
                "applicant", Map.of("nationalId", "A123456789", "name", "王小明"), "data", HOUSING)).status())
                .as("nor files cases for it").isEqualTo(403);
        assertThat(api.postJson("/api/cases/" + id + "/withdraw", "udd.clerk", Map.of()).status()).isEqualTo(400);
        Answer withdrawn = api.postJson("/api/cases/" + id + "/withdraw", "udd.clerk", Map.of("note", "申請人115年12月1日來函撤回申請。"));
        assertThat(withdrawn.status()).as(withdrawn.text()).isEqualTo(204);

        JsonNode view = cases.caseView(id, "udd.clerk");
        assertThat(view.path("status").asText()).isEqualTo(CaseStatus.WITHDRAWN);
        assertThat(view.path("tasks")).isEmpty();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(view.path("caseNo").asText()).count())
                .as("the called joint review ended too").isZero();
        assertThat(api.get("/api/tasks", "social.reviewer").json().path("items"))
                .noneSatisfy(t -> assertThat(t.path("caseId").asText()).isEqualTo(id));
        assertThat(api.postJson("/api/cases/" + id + "/withdraw", "udd.clerk", Map.of("note", "again")).status()).isEqualTo(409);
    }

    @Test
    void withdrawingWhileCoSignersAreSigningDiscardsTheDraft() {
        String id = publicHousingApprovedByTheOwner();
        cases.waitForTask(id, "coSign", "social.chief");
        assertThat(cases.caseView(id, "udd.clerk").path("decision").path("status").asText()).isEqualTo("co-signing");

        Answer withdrawn = api.postJson("/api/cases/" + id + "/withdraw", "udd.clerk", Map.of("note", "申請人來函撤回。"));
        assertThat(withdrawn.status()).as(withdrawn.text()).isEqualTo(204);
        JsonNode view = cases.caseView(id, "udd.clerk");
        assertThat(view.path("status").asText()).isEqualTo(CaseStatus.WITHDRAWN);
        assertThat(view.path("decision").isNull()).as("no half-issued decision is left").isTrue();
        assertThat(api.get("/api/tasks", "social.chief").json().path("items"))
                .noneSatisfy(t -> assertThat(t.path("caseId").asText()).isEqualTo(id));
    }

    @Test
    void aCorrectionRequestStopsTheClockUntilTheApplicantAnswers() {
        String id = cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明", Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
        assertThat(api.postJson("/api/cases/" + id + "/correction", "tax.clerk", Map.of("note", "補件")).status())
                .as("nothing to answer yet").isEqualTo(409);
        String dueBefore = cases.caseView(id, "tax.clerk").path("dueAt").asText();
        cases.act(id, "review", "tax.clerk", "requestCorrection", "請補正土地使用情形說明。");

        String caseNo = cases.caseView(id, "tax.clerk").path("caseNo").asText();
        JsonNode status = await().atMost(Duration.ofSeconds(10)).until(() -> api.postJson("/api/public/case-status", null,
                Map.of("caseNo", caseNo, "nationalId", "A123456789")).json(), s -> s.path("clockStopped").asBoolean());
        assertThat(status.path("currentSteps")).isEmpty();

        Answer answered = api.postJson("/api/cases/" + id + "/correction", "tax.clerk", Map.of("note", "申請人已補送說明書。"));
        assertThat(answered.status()).as(answered.text()).isEqualTo(204);
        cases.waitForTask(id, "review", "tax.clerk");
        JsonNode view = cases.caseView(id, "tax.clerk");
        assertThat(view.path("dueAt").asText()).as("answered the same day: no working day was stopped").isEqualTo(dueBefore);
        assertThat(api.postJson("/api/public/case-status", null, Map.of("caseNo", caseNo, "nationalId", "A123456789")).json()
                .path("clockStopped").asBoolean()).isFalse();
    }

    @Test
    void taxDataOlderThanTheCaseTypeAllowsIsNotUsedUntilTheSourceIsUpdated() {
        // the tax source's monthly batch is three months old
        standIn.clock(Clock.fixed(Instant.now().minus(Duration.ofDays(92)), ZoneOffset.UTC));
        String id;
        try {
            id = cases.file("udd.clerk", "public-housing-low-income", "A123456789", "王小明", HOUSING);
            JsonNode problem = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> cases.caseView(id, "udd.clerk").path("problems"), p -> p.size() > 0).get(0);
            assertThat(problem.path("message").asText()).contains("資料基準日", "45 日");
            assertThat(cases.caseView(id, "udd.clerk").path("evidence")).extracting(e -> e.path("source").asText())
                    .doesNotContain("tax");
            JsonNode audit = api.get("/api/audit/data-access?caseId=" + id, "auditor").json();
            assertThat(audit).anySatisfy(e -> {
                assertThat(e.path("source").asText()).isEqualTo("tax");
                assertThat(e.path("outcome").asText()).isEqualTo("refused");
            });
        } finally {
            standIn.clock(Clock.systemUTC());
        }
        // the batch is refreshed; an operator retries the step (Cockpit: increment retries) and the case moves on
        String instance = cases.caseView(id, "udd.clerk").path("caseNo").asText();
        Job failed = management.createJobQuery().processInstanceId(runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(instance).singleResult().getId()).singleResult();
        management.setJobRetries(failed.getId(), 1);
        cases.waitForTask(id, "review", "udd.clerk");
        assertThat(cases.caseView(id, "udd.clerk").path("evidence")).extracting(e -> e.path("source").asText()).contains("tax");
    }

    @Test
    void theIneligibleDemoApplicantIsFlaggedWithAReasonInEveryCaseType() {
        Map<String, String> filers = Map.of("public-housing-low-income", "udd.clerk", "factory-registration", "udd.clerk",
                "indigenous-housing-subsidy", "district.clerk");
        Map<String, Map<String, Object>> data = Map.of("public-housing-low-income", HOUSING, "factory-registration", FACTORY,
                "indigenous-housing-subsidy", INDIGENOUS);
        filers.forEach((type, user) -> {
            String id = cases.file(user, type, "B234567890", "林美惠", data.get(type));
            JsonNode eligibility = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> cases.caseView(id, user).path("eligibility"), e -> !e.isMissingNode() && !e.isNull());
            assertThat(eligibility.path("eligible").asBoolean()).as(type).isFalse();
            assertThat(eligibility.path("reason").asText()).as(type).isNotBlank();
        });
    }

    /** A public-housing case reviewed without objection and approved by udd.chief: next come the co-signers. */
    private String publicHousingApprovedByTheOwner() {
        String id = cases.file("udd.clerk", "public-housing-low-income", "A123456789", "王小明", HOUSING);
        cases.act(id, "review", "udd.clerk", "sendForReview", "送會辦。");
        cases.act(id, "jointReview", "social.reviewer", "concur", "無意見。");
        cases.act(id, "jointReview", "land.reviewer", "concur", "無意見。");
        cases.act(id, "consolidate", "udd.clerk", "approve", "擬准。");
        cases.act(id, "approve", "udd.chief", "approve", "准。");
        return id;
    }

    /** pdfsig, an independent verifier, finds one valid signature per signing agency. */
    private void assertSignedBy(String caseId, String user, int signatures) {
        Answer pdf = await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/cases/" + caseId + "/decision.pdf", user),
                a -> a.status() == 200);
        try {
            LandValueTaxEndToEndTest.assertPdfsigAccepts(pdf.body(), signatures);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Runs the due timer of a joint review now instead of waiting working days for it. */
    private void fireTimer(String caseId, String activityId) {
        Job timer = await().atMost(Duration.ofSeconds(10)).until(() -> management.createJobQuery().timers().activityId(activityId)
                .list().stream().filter(j -> belongsTo(j, caseId)).findFirst().orElse(null), j -> j != null);
        management.executeJob(timer.getId());
    }

    private boolean belongsTo(Job job, String caseId) {
        Object value = runtime.getVariable(job.getProcessInstanceId(), "caseId");
        return caseId.equals(value);
    }
}
