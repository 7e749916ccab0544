package tw.kuayu.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseDriver;
import tw.kuayu.cases.CaseStatus;

/**
 * The process owner's whole path through the API: public-housing cases are running (one waiting in review, one
 * waiting for the applicant's correction with its deadline timer, one already in joint review); the owner drafts
 * a version whose joint review adds the fire department, reads the diff, deploys the draft, dry-runs the
 * migration of the cases still before joint review, migrates them as a Camunda batch and follows its progress;
 * the migrated cases then reach the new agency (or their unchanged deadline) and finish on the new version,
 * while the case already in joint review stays on its version. A model that drops a step the running cases are
 * in is reported by the dry run and refused. Its own context; {@code tw.kuayu.cases.ProcessMigrationOnPostgresTest}
 * runs the same on PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "kuayu.test.context=studio-migration")
@ActiveProfiles({"demo", "test"})
public class ProcessMigrationEndToEndTest {

    static final String HOUSING = "public-housing-low-income";
    static final Map<String, Object> HOUSING_DATA = Map.of("housingProject", "興隆公共住宅二區", "unitType", "二房型");

    @LocalServerPort
    int port;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    HistoryService history;

    @Autowired
    JdbcTemplate jdbc;

    ApiClient api;
    CaseDriver cases;

    @BeforeEach
    void client() {
        cases = new CaseDriver(port);
        api = cases.api;
    }

    /** The joint review of the new version: social welfare, land and now the fire department. */
    static String withFireDepartment(String model) {
        return model
                .replace("name=\"會辦（社會局、地政局）\"", "name=\"會辦（社會局、地政局、消防局）\"")
                .replace("<camunda:in source=\"reviewAgencies\" target=\"reviewAgencies\" />", """
                        <camunda:inputOutput>
                          <camunda:inputParameter name="reviewAgencies">
                            <camunda:list>
                              <camunda:value>tpe-social</camunda:value>
                              <camunda:value>tpe-land</camunda:value>
                              <camunda:value>tpe-fire</camunda:value>
                            </camunda:list>
                          </camunda:inputParameter>
                        </camunda:inputOutput>
                        <camunda:in source="reviewAgencies" target="reviewAgencies" />""");
    }

    @Test
    void runningCasesBeforeJointReviewMoveToTheNewVersionReachTheNewAgencyAndFinishThere() throws Exception {
        String waitingInReview = cases.file("udd.clerk", HOUSING, "A123456789", "王小明", HOUSING_DATA);
        cases.waitForTask(waitingInReview, "review", "udd.clerk");
        String waitingForCorrection = cases.file("udd.clerk", HOUSING, "A123456789", "王小明", HOUSING_DATA);
        cases.act(waitingForCorrection, "review", "udd.clerk", "requestCorrection", "請補附最新租賃契約。");
        Job deadline = await().atMost(Duration.ofSeconds(30)).until(() -> timer(waitingForCorrection, "correctionDue"), j -> j != null);
        Date dueBefore = deadline.getDuedate();
        String inJointReview = cases.file("udd.clerk", HOUSING, "A123456789", "王小明", HOUSING_DATA);
        cases.act(inJointReview, "review", "udd.clerk", "sendForReview", "送社會局、地政局會辦。");
        cases.waitForTask(inJointReview, "jointReview", "land.reviewer");

        String reviewId = instanceOf(waitingInReview).getId();
        String correctionId = instanceOf(waitingForCorrection).getId();
        String jointReviewId = instanceOf(inJointReview).getId();
        String oldDefinition = instanceOf(waitingInReview).getProcessDefinitionId();
        JsonNode before = api.get("/api/processes/" + HOUSING + "/versions", "owner").json();
        int source = before.path("latestVersion").asInt();
        assertThat(before.path("versions").get(0).path("runningInstances").asLong()).isEqualTo(3);

        // draft the new version, read the diff, deploy the draft with the reason
        String current = api.get("/api/processes/" + HOUSING + "/versions/" + source + "/xml", "owner").text();
        Answer draft = api.send("PUT", "/api/processes/" + HOUSING + "/draft", "owner", "application/xml",
                withFireDepartment(current).getBytes(StandardCharsets.UTF_8));
        assertThat(draft.status()).as(draft.text()).isEqualTo(200);
        assertThat(draft.json().path("problems")).as(draft.text()).isEmpty();
        JsonNode diff = api.get("/api/processes/" + HOUSING + "/diff?from=" + source + "&to=draft", "owner").json();
        assertThat(diff.path("added")).isEmpty();
        assertThat(diff.path("removed")).isEmpty();
        assertThat(diff.path("changed")).singleElement().satisfies(e -> {
            assertThat(e.path("id").asText()).isEqualTo("jointReview");
            assertThat(e.path("type").asText()).isEqualTo("callActivity");
            assertThat(e.path("changes")).extracting(c -> c.path("attribute").asText()).containsExactlyInAnyOrder("name", "input:reviewAgencies");
        });
        Answer deployed = api.postJson("/api/processes/" + HOUSING + "/draft/deploy", "owner",
                Map.of("reason", "府授研字第1140000002號：社會住宅會辦增列消防局"));
        assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);
        int target = deployed.json().path("processes").get(0).path("version").asInt();
        String newDefinition = deployed.json().path("processes").get(0).path("id").asText();
        assertThat(target).isEqualTo(source + 1);

        // the dry run over every running case of the old version
        Answer dryRun = api.postJson("/api/processes/" + HOUSING + "/migrations/dry-run", "owner",
                Map.of("sourceVersion", source, "targetVersion", target));
        assertThat(dryRun.status()).as(dryRun.text()).isEqualTo(200);
        JsonNode report = dryRun.json();
        assertThat(report.path("instances").asInt()).isEqualTo(3);
        assertThat(texts(report.path("mapsCleanly"))).as("a case in joint review maps too: the call activity has its counterpart")
                .containsExactlyInAnyOrder(reviewId, correctionId, jointReviewId);
        assertThat(report.path("failing")).isEmpty();
        assertThat(report.path("plan")).anySatisfy(m -> {
            assertThat(m.path("sourceActivityId").asText()).isEqualTo("review");
            assertThat(m.path("targetActivityId").asText()).isEqualTo("review");
        });
        assertThat(report.path("activitiesWithoutCounterpart")).as(report.toString()).isEmpty();

        // migrate the two cases still before joint review, as a batch
        Answer started = api.postJson("/api/processes/" + HOUSING + "/migrations", "owner", Map.of("sourceVersion", source,
                "targetVersion", target, "processInstanceIds", List.of(reviewId, correctionId), "reason", "尚未會辦之案件改依新流程辦理"));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String migrationId = started.json().path("id").asText();
        assertThat(started.headers().firstValue("Location")).hasValue("/api/processes/" + HOUSING + "/migrations/" + migrationId);
        JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> api.get("/api/processes/" + HOUSING + "/migrations/" + migrationId, "owner").json(),
                        p -> p.path("status").asText().equals("completed"));
        assertThat(done.path("migrated").asLong()).isEqualTo(2);
        assertThat(done.path("stillOnSource")).isEmpty();
        assertThat(done.path("failures")).isEmpty();
        assertThat(done.path("startedBy").asText()).isEqualTo("owner");
        assertThat(done.path("reason").asText()).isEqualTo("尚未會辦之案件改依新流程辦理");
        assertThat(done.path("instances").asInt()).isEqualTo(2);
        assertThat(api.get("/api/processes/" + HOUSING + "/migrations", "owner").json()).extracting(m -> m.path("id").asText())
                .contains(migrationId);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_migration_instance WHERE migration_id = ?", Integer.class, migrationId))
                .isEqualTo(2);

        assertThat(instanceOf(waitingInReview).getProcessDefinitionId()).isEqualTo(newDefinition);
        assertThat(instanceOf(waitingForCorrection).getProcessDefinitionId()).isEqualTo(newDefinition);
        assertThat(instanceOf(inJointReview).getProcessDefinitionId()).as("not chosen: stays").isEqualTo(oldDefinition);
        assertThat(timer(waitingForCorrection, "correctionDue").getDuedate()).as("the applicant's deadline is kept").isEqualTo(dueBefore);
        assertThat(jdbc.queryForObject("SELECT process_definition_id FROM kuayu_task WHERE case_id = ? AND status = 'open'", String.class,
                waitingInReview)).as("the worklist reads the migrated task's actions from the new version").isEqualTo(newDefinition);

        // the case that was waiting in review now goes to three agencies, the fire department among them, and finishes
        cases.act(waitingInReview, "review", "udd.clerk", "sendForReview", "送社會局、地政局、消防局會辦。");
        cases.act(waitingInReview, "jointReview", "fire.reviewer", "concur", "建物消防安全設備符合規定，無意見。");
        cases.act(waitingInReview, "jointReview", "social.reviewer", "concur", "列冊低收入戶，無意見。");
        cases.act(waitingInReview, "jointReview", "land.reviewer", "concur", "名下無自有住宅，無意見。");
        cases.act(waitingInReview, "consolidate", "udd.clerk", "approve", "會辦機關均無意見，擬准予承租。");
        cases.act(waitingInReview, "approve", "udd.chief", "approve", "准。");
        cases.act(waitingInReview, "coSign", "social.chief", "sign", "同意會銜。");
        JsonNode approved = cases.waitUntilClosed(waitingInReview, "udd.clerk");
        assertThat(approved.path("status").asText()).isEqualTo(CaseStatus.APPROVED);
        assertThat(approved.path("opinions")).extracting(o -> o.path("agency").asText()).contains("tpe-fire");
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(reviewId).singleResult().getProcessDefinitionId())
                .isEqualTo(newDefinition);

        // the case waiting for a correction lets its (unchanged) deadline pass and is rejected on the new version
        management.executeJob(timer(waitingForCorrection, "correctionDue").getId());
        cases.act(waitingForCorrection, "coSign", "social.chief", "sign", "同意會銜。");
        assertThat(cases.waitUntilClosed(waitingForCorrection, "udd.clerk").path("status").asText()).isEqualTo(CaseStatus.REJECTED);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(correctionId).singleResult().getProcessDefinitionId())
                .isEqualTo(newDefinition);

        // the case already in joint review keeps its two reviewers
        assertThat(api.get("/api/tasks?size=200", "fire.reviewer").json().path("items"))
                .noneSatisfy(t -> assertThat(t.path("caseId").asText()).isEqualTo(inJointReview));
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(jointReviewId).singleResult()).isNotNull();
    }

    @Test
    void aVersionWithoutAStepTheRunningCasesAreInIsReportedAndNotMigrated() throws Exception {
        String key = ProcessDeployApiTest.LAND_TAX;
        String caseId = cases.file("tax.clerk", key, "A123456789", "王小明", Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
        cases.waitForTask(caseId, "review", "tax.clerk");
        ProcessInstance instance = instanceOf(caseId);
        int source = api.get("/api/processes/" + key + "/versions", "owner").json().path("latestVersion").asInt();

        String renamed = ProcessDeployApiTest.model(key).replace("\"review\"", "\"taxReview\"");
        assertThat(api.send("PUT", "/api/processes/" + key + "/draft", "owner", "application/xml",
                renamed.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        Answer deployed = api.postJson("/api/processes/" + key + "/draft/deploy", "owner", Map.of("reason", "審查步驟更名"));
        assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);
        int target = source + 1;

        JsonNode report = api.postJson("/api/processes/" + key + "/migrations/dry-run", "owner",
                Map.of("sourceVersion", source, "targetVersion", target, "processInstanceIds", List.of(instance.getId()))).json();
        assertThat(report.path("mapsCleanly")).as(report.toString()).isEmpty();
        assertThat(report.path("failing")).singleElement().satisfies(f -> {
            assertThat(f.path("processInstanceId").asText()).isEqualTo(instance.getId());
            assertThat(f.path("caseNo").asText()).isEqualTo(instance.getBusinessKey());
            assertThat(texts(f.path("problems"))).contains("停在「承辦審查」（review）：新版本沒有對應的活動，無法移轉");
        });
        assertThat(report.path("activitiesWithoutCounterpart")).anySatisfy(a -> {
            assertThat(a.path("id").asText()).isEqualTo("review");
            assertThat(a.path("type").asText()).isEqualTo("userTask");
            assertThat(a.path("runningInstances").asLong()).isEqualTo(1);
        });

        Answer refused = api.postJson("/api/processes/" + key + "/migrations", "owner", Map.of("sourceVersion", source,
                "targetVersion", target, "processInstanceIds", List.of(instance.getId()), "reason", "試移轉"));
        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("errors").toString()).contains(instance.getBusinessKey(), "review");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_migration WHERE process_key = ?", Integer.class, key)).isZero();
        assertThat(instanceOf(caseId).getProcessDefinitionId()).as("nothing moved").isEqualTo(instance.getProcessDefinitionId());

        Map<String, Object> noReason = Map.of("sourceVersion", source, "targetVersion", target);
        Map<Map<String, Object>, Integer> bad = Map.of(
                Map.of("targetVersion", target), 400,
                Map.of("sourceVersion", source, "targetVersion", source), 400,
                Map.of("sourceVersion", source, "targetVersion", 99), 404,
                Map.of("sourceVersion", source, "targetVersion", target, "processInstanceIds", List.of("no-such-instance")), 400,
                Map.of("sourceVersion", source, "targetVersion", target, "processInstanceIds", List.of()), 400);
        bad.forEach((body, status) -> {
            Answer answer = api.postJson("/api/processes/" + key + "/migrations/dry-run", "owner", body);
            assertThat(answer.status()).as(body + ": " + answer.text()).isEqualTo(status);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        });
        assertThat(api.postJson("/api/processes/" + key + "/migrations", "owner", noReason).status()).as("a reason is required").isEqualTo(400);
        assertThat(api.postJson("/api/processes/" + key + "/migrations/dry-run", "owner", "not json").status()).isEqualTo(400);
        assertThat(api.get("/api/processes/" + key + "/migrations/no-such-migration", "owner").status()).isEqualTo(404);
    }

    /** The case's own process instance (the called patterns share its business key). */
    private ProcessInstance instanceOf(String caseId) {
        String caseNo = cases.caseView(caseId, "manager").path("caseNo").asText();
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseNo).rootProcessInstances().singleResult();
    }

    private Job timer(String caseId, String activityId) {
        String instanceId = instanceOf(caseId).getId();
        return management.createJobQuery().processInstanceId(instanceId).timers().activityId(activityId).singleResult();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
