package tw.kuayu.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
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
 * The studio's API over real HTTP as the demo process owner: versions and their XML, drafts (checked, not
 * deployed, deployed through the deploy path), the diff of two versions or a version and the draft, retiring a
 * version and undoing it, and every endpoint refused to anyone but a process owner. Its own context, so the
 * versions deployed here reach no other test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "kuayu.test.context=studio-api")
@ActiveProfiles({"demo", "test"})
class StudioApiTest {

    static final String LAND_TAX = ProcessDeployApiTest.LAND_TAX;
    static final String REFERRAL = "referral";
    static final Map<String, Object> PARCEL = Map.of("parcelNo", "大安區龍泉段二小段0123-0000");

    @LocalServerPort
    int port;

    @Autowired
    RuntimeService runtime;

    @Autowired
    RepositoryService repository;

    @Autowired
    JdbcTemplate jdbc;

    ApiClient api;
    CaseDriver cases;

    @BeforeEach
    void client() {
        cases = new CaseDriver(port);
        api = cases.api;
    }

    Answer putDraft(String key, String xml) {
        return api.send("PUT", "/api/processes/" + key + "/draft", "owner", "application/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    JsonNode versions(String key) {
        Answer answer = api.get("/api/processes/" + key + "/versions", "owner");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void everyVersionIsListedAndItsXmlCanBeOpened() throws Exception {
        JsonNode listed = versions(REFERRAL);
        assertThat(listed.path("key").asText()).isEqualTo(REFERRAL);
        JsonNode v1 = listed.path("versions").get(listed.path("versions").size() - 1);
        assertThat(v1.path("version").asInt()).isEqualTo(1);
        assertThat(v1.path("retired").asBoolean()).isFalse();
        assertThat(v1.has("runningInstances")).isTrue();

        Answer xml = api.get("/api/processes/" + REFERRAL + "/versions/1/xml", "owner");
        assertThat(xml.status()).isEqualTo(200);
        assertThat(xml.contentType()).startsWith("application/xml");
        assertThat(xml.text()).isEqualTo(ProcessDeployApiTest.model(REFERRAL));

        Answer missing = api.get("/api/processes/" + REFERRAL + "/versions/99/xml", "owner");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.json().path("detail").asText()).isEqualTo("流程「referral」沒有第 99 版。");
        assertThat(api.get("/api/processes/" + REFERRAL + "/versions/abc/xml", "owner").status()).isEqualTo(400);
        assertThat(api.get("/api/processes/no-such-process/versions", "owner").status()).isEqualTo(404);
    }

    @Test
    void aDraftIsSavedCheckedReadBackAndDeployedThroughTheDeployPath() throws Exception {
        String key = "indigenous-housing-subsidy";
        String original = ProcessDeployApiTest.model(key);
        int before = versions(key).path("latestVersion").asInt();

        String broken = original.replace("camunda:candidateGroups=\"${ownerAgency}\"", "camunda:candidateGroups=\"tpe-nowhere\"");
        Answer saved = putDraft(key, broken);
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
        assertThat(saved.json().path("savedBy").asText()).isEqualTo("owner");
        assertThat(saved.json().path("baseVersion").asInt()).isEqualTo(before);
        assertThat(saved.json().path("problems")).anySatisfy(p -> {
            assertThat(p.path("elementId").asText()).isEqualTo("review");
            assertThat(p.path("code").asText()).isEqualTo("user-task.candidate-group");
            assertThat(p.path("message").asText()).contains("tpe-nowhere");
        });
        assertThat(versions(key).path("latestVersion").asInt()).as("a draft is not deployed").isEqualTo(before);
        assertThat(versions(key).path("draft").path("savedBy").asText()).isEqualTo("owner");

        Answer refused = api.postJson("/api/processes/" + key + "/draft/deploy", "owner", Map.of("reason", "試部署"));
        assertThat(refused.status()).as("a draft with problems is not deployed: " + refused.text()).isEqualTo(400);
        assertThat(refused.json().path("errors").toString()).contains("tpe-nowhere");
        assertThat(api.get("/api/processes/" + key + "/draft", "owner").status()).as("the draft stays").isEqualTo(200);

        String fixed = original.replace("name=\"承辦審查\"", "name=\"區公所承辦審查\"");
        assertThat(putDraft(key, fixed).json().path("problems")).isEmpty();
        JsonNode read = api.get("/api/processes/" + key + "/draft", "owner").json();
        assertThat(read.path("xml").asText()).isEqualTo(fixed);
        assertThat(read.path("problems")).isEmpty();

        Answer noReason = api.postJson("/api/processes/" + key + "/draft/deploy", "owner", Map.of());
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().path("detail").asText()).contains("reason");

        Answer deployed = api.postJson("/api/processes/" + key + "/draft/deploy", "owner", Map.of("reason", "府授研字第1140000001號：審查名稱修正"));
        assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);
        assertThat(deployed.json().path("processes").get(0).path("version").asInt()).isEqualTo(before + 1);
        Map<String, Object> row = jdbc.queryForMap("SELECT deployed_by, reason FROM kuayu_deployment WHERE deployment_id = ?",
                deployed.json().path("deploymentId").asText());
        assertThat(row).containsEntry("DEPLOYED_BY", "owner").containsEntry("REASON", "府授研字第1140000001號：審查名稱修正");
        assertThat(api.get("/api/processes/" + key + "/draft", "owner").status()).as("the deployed draft is gone").isEqualTo(404);
        assertThat(versions(key).path("draft").isNull()).isTrue();
    }

    @Test
    void aDraftThatIsNotReadableBpmnOfItsKeyIsRefusedAndNothingIsSaved() throws Exception {
        String key = "co-signing";
        String original = ProcessDeployApiTest.model(key);
        assertThat(putDraft(key, original).status()).isEqualTo(200);

        String xxe = original.replaceFirst("\\?>", "?>\n<!DOCTYPE d [<!ENTITY s SYSTEM \"file:///etc/passwd\">]>");
        Map<String, String> refusedBecause = Map.of(
                xxe, "DOCTYPE",
                "<definitions", "XML",
                "<?xml version=\"1.0\"?><note/>", "BPMN",
                ProcessDeployApiTest.model(REFERRAL), "流程代碼",
                "", "BPMN XML");
        refusedBecause.forEach((xml, why) -> {
            Answer answer = putDraft(key, xml);
            assertThat(answer.status()).as(why + ": " + answer.text()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.text()).as(why).contains(why);
        });
        assertThat(api.get("/api/processes/" + key + "/draft", "owner").json().path("xml").asText())
                .as("the earlier draft is untouched").isEqualTo(original);
        assertThat(api.send("PUT", "/api/processes/" + key + "/draft", "owner", "application/json", "{}".getBytes()).status())
                .isEqualTo(415);
        assertThat(putDraft("1bad%20key", original).status()).isEqualTo(400);

        assertThat(api.send("DELETE", "/api/processes/" + key + "/draft", "owner", null, null).status()).isEqualTo(204);
        assertThat(api.get("/api/processes/" + key + "/draft", "owner").status()).isEqualTo(404);
        assertThat(api.send("DELETE", "/api/processes/" + key + "/draft", "owner", null, null).status()).isEqualTo(404);
    }

    @Test
    void theDiffNamesAddedRemovedAndChangedElementsWithTheirChangedSettings() throws Exception {
        String key = "public-housing-low-income";
        String original = ProcessDeployApiTest.model(key);
        String changed = original
                .replace("camunda:candidateGroups=\"${approverGroup}\" camunda:formRef=\"public-housing-approve\"",
                        "camunda:candidateGroups=\"tpe-udd.director\" camunda:formRef=\"public-housing-review\"")
                .replace("<camunda:property name=\"kuayu.actions\" value=\"approve,reject,return\" />",
                        "<camunda:property name=\"kuayu.actions\" value=\"approve,reject\" />")
                .replace("${deadlines.workingDaysFromNow(correctionWorkingDays)}", "${deadlines.workingDaysFromNow(15)}")
                .replace("<camunda:in source=\"reviewAgencies\" target=\"reviewAgencies\" />", """
                        <camunda:inputOutput>
                          <camunda:inputParameter name="reviewAgencies">
                            <camunda:list><camunda:value>tpe-social</camunda:value><camunda:value>tpe-land</camunda:value><camunda:value>tpe-fire</camunda:value></camunda:list>
                          </camunda:inputParameter>
                        </camunda:inputOutput>
                        <camunda:in source="reviewAgencies" target="reviewAgencies" />""")
                .replace("\"closed\"", "\"archived\"")
                .replace("<bpmn:endEvent id=\"archived\" name=\"結案\">", "<bpmn:endEvent id=\"archived\" name=\"歸檔結案\">");
        Answer saved = putDraft(key, changed);
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);

        Answer diff = api.get("/api/processes/" + key + "/diff?from=1&to=draft", "owner");
        assertThat(diff.status()).as(diff.text()).isEqualTo(200);
        JsonNode d = diff.json();
        assertThat(d.path("added")).extracting(e -> e.path("id").asText() + "/" + e.path("type").asText() + "/" + e.path("name").asText())
                .containsExactly("archived/endEvent/歸檔結案");
        assertThat(d.path("removed")).extracting(e -> e.path("id").asText()).containsExactly("closed");
        Map<String, JsonNode> changedById = new java.util.HashMap<>();
        d.path("changed").forEach(e -> changedById.put(e.path("id").asText(), e.path("changes")));
        assertThat(changedById.keySet()).containsExactlyInAnyOrder("approve", "correctionDue", "jointReview", "coSigned");
        assertThat(changes(changedById.get("approve"))).containsExactlyInAnyOrder(
                "camunda:candidateGroups: ${approverGroup} → tpe-udd.director",
                "camunda:formRef: public-housing-approve → public-housing-review",
                "property:kuayu.actions: approve,reject,return → approve,reject");
        assertThat(changes(changedById.get("correctionDue"))).containsExactly(
                "timer.timeDate: ${deadlines.workingDaysFromNow(correctionWorkingDays)} → ${deadlines.workingDaysFromNow(15)}");
        assertThat(changes(changedById.get("jointReview"))).containsExactly("input:reviewAgencies: null → tpe-social,tpe-land,tpe-fire");
        assertThat(changes(changedById.get("coSigned"))).containsExactly("targetRef: closed → archived");

        JsonNode same = api.get("/api/processes/" + key + "/diff?from=1&to=1", "owner").json();
        assertThat(same.path("added")).isEmpty();
        assertThat(same.path("removed")).isEmpty();
        assertThat(same.path("changed")).isEmpty();

        assertThat(api.get("/api/processes/" + key + "/diff?from=abc&to=1", "owner").status()).isEqualTo(400);
        assertThat(api.get("/api/processes/" + key + "/diff?from=1", "owner").status()).isEqualTo(400);
        assertThat(api.get("/api/processes/" + key + "/diff?from=1&to=42", "owner").status()).isEqualTo(404);
        assertThat(api.get("/api/processes/" + REFERRAL + "/diff?from=1&to=draft", "owner").status()).as("no draft").isEqualTo(404);
        assertThat(api.send("DELETE", "/api/processes/" + key + "/draft", "owner", null, null).status()).isEqualTo(204);
    }

    @Test
    void aRetiredVersionStartsNothingNewWhileItsRunningCasesFinishAndRetiringCanBeUndone() throws Exception {
        String caseId = cases.file("tax.clerk", LAND_TAX, "A123456789", "王小明", PARCEL);
        cases.waitForTask(caseId, "review", "tax.clerk");
        String caseNo = cases.caseView(caseId, "tax.clerk").path("caseNo").asText();
        int old = definitionOf(caseNo).getVersion();
        String oldId = definitionOf(caseNo).getId();

        Answer latest = api.postJson("/api/processes/" + LAND_TAX + "/versions/" + old + "/retire", "owner", Map.of("reason", "改版"));
        assertThat(latest.status()).as("the latest version cannot be retired: " + latest.text()).isEqualTo(409);
        assertThat(latest.json().path("detail").asText()).contains("最新版本");

        String next = ProcessDeployApiTest.model(LAND_TAX).replace("name=\"承辦審查\"", "name=\"承辦審查（新版）\"");
        putDraft(LAND_TAX, next);
        assertThat(api.postJson("/api/processes/" + LAND_TAX + "/draft/deploy", "owner", Map.of("reason", "審查名稱修正")).status())
                .isEqualTo(201);

        assertThat(api.postJson("/api/processes/" + LAND_TAX + "/versions/" + old + "/retire", "owner", Map.of()).status())
                .as("a reason is required").isEqualTo(400);
        Answer retired = api.postJson("/api/processes/" + LAND_TAX + "/versions/" + old + "/retire", "owner",
                Map.of("reason", "114年起停用舊版流程"));
        assertThat(retired.status()).as(retired.text()).isEqualTo(200);
        assertThat(retired.json().path("retired").asBoolean()).isTrue();
        assertThat(retired.json().path("history")).singleElement().satisfies(h -> {
            assertThat(h.path("action").asText()).isEqualTo("retire");
            assertThat(h.path("actedBy").asText()).isEqualTo("owner");
            assertThat(h.path("reason").asText()).isEqualTo("114年起停用舊版流程");
        });
        JsonNode listedOld = StreamSupport.stream(versions(LAND_TAX).path("versions").spliterator(), false)
                .filter(v -> v.path("version").asInt() == old).findFirst().orElseThrow();
        assertThat(listedOld.path("retired").asBoolean()).isTrue();
        assertThat(listedOld.path("runningInstances").asLong()).isEqualTo(1);
        assertThatThrownBy(() -> runtime.startProcessInstanceById(oldId)).as("nothing starts on a retired version")
                .isInstanceOf(ProcessEngineException.class);

        String newCase = cases.file("tax.clerk", LAND_TAX, "A123456789", "王小明", PARCEL);
        assertThat(definitionOf(cases.caseView(newCase, "tax.clerk").path("caseNo").asText()).getVersion()).isEqualTo(old + 1);

        // the running case goes on to the end on the retired version: its decision step is a job created after retiring
        cases.act(caseId, "review", "tax.clerk", "approve", "符合自用住宅用地要件。");
        cases.act(caseId, "approve", "tax.chief", "approve", "准。");
        assertThat(cases.waitUntilClosed(caseId, "tax.clerk").path("status").asText()).isEqualTo(CaseStatus.APPROVED);

        Answer undone = api.postJson("/api/processes/" + LAND_TAX + "/versions/" + old + "/reactivate", "owner",
                Map.of("reason", "誤停用，恢復"));
        assertThat(undone.status()).as(undone.text()).isEqualTo(200);
        assertThat(undone.json().path("retired").asBoolean()).isFalse();
        assertThat(undone.json().path("history")).extracting(h -> h.path("action").asText()).containsExactly("retire", "reactivate");
        assertThat(repository.getProcessDefinition(oldId).isSuspended()).isFalse();
        assertThat(api.postJson("/api/processes/" + LAND_TAX + "/versions/99/retire", "owner", Map.of("reason", "x")).status())
                .isEqualTo(404);
    }

    @Test
    void onlyProcessOwnersUseTheStudio() throws Exception {
        String xml = ProcessDeployApiTest.model(REFERRAL);
        List<Answer> answers = List.of();
        for (String user : List.of("tax.clerk", "manager", "auditor", "udd.chief")) {
            answers = List.of(
                    api.get("/api/processes/" + REFERRAL + "/versions", user),
                    api.get("/api/processes/" + REFERRAL + "/versions/1/xml", user),
                    api.send("PUT", "/api/processes/" + REFERRAL + "/draft", user, "application/xml", xml.getBytes(StandardCharsets.UTF_8)),
                    api.get("/api/processes/" + REFERRAL + "/draft", user),
                    api.send("DELETE", "/api/processes/" + REFERRAL + "/draft", user, null, null),
                    api.postJson("/api/processes/" + REFERRAL + "/draft/deploy", user, Map.of("reason", "x")),
                    api.get("/api/processes/" + REFERRAL + "/diff?from=1&to=1", user),
                    api.postJson("/api/processes/" + REFERRAL + "/versions/1/retire", user, Map.of("reason", "x")),
                    api.postJson("/api/processes/" + REFERRAL + "/versions/1/reactivate", user, Map.of("reason", "x")),
                    api.postJson("/api/processes/" + REFERRAL + "/migrations/dry-run", user, Map.of("sourceVersion", 1, "targetVersion", 1)),
                    api.postJson("/api/processes/" + REFERRAL + "/migrations", user, Map.of("sourceVersion", 1, "targetVersion", 1)),
                    api.get("/api/processes/" + REFERRAL + "/migrations", user));
            for (Answer answer : answers) {
                assertThat(answer.status()).as(user + ": " + answer.text()).isEqualTo(403);
                assertThat(answer.contentType()).startsWith("application/problem+json");
            }
        }
        assertThat(answers).hasSize(12);
        assertThat(api.get("/api/processes/" + REFERRAL + "/versions", null).status()).isEqualTo(401);
        assertThat(api.get("/api/processes/" + REFERRAL + "/draft", "owner").status()).as("nothing was saved by anyone").isEqualTo(404);
    }

    @Test
    void aFormIsCheckedAgainstTheTasksThatUseItAndDeployedWithWhoAndWhy() throws Exception {
        String form;
        try (java.io.InputStream in = StudioApiTest.class.getResourceAsStream("/forms/joint-review-opinion.form")) {
            form = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String relabelled = form.replace("\"label\": \"會辦意見\"", "\"label\": \"會辦意見（請擇一）\"");
        assertThat(relabelled).isNotEqualTo(form);
        Answer deployed = uploadForm("owner", relabelled, "會辦表單文字修正");
        assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);
        assertThat(deployed.json().path("formId").asText()).isEqualTo("joint-review-opinion");
        Map<String, Object> row = jdbc.queryForMap("SELECT deployed_by, reason, resource_name FROM kuayu_deployment WHERE deployment_id = ?",
                deployed.json().path("deploymentId").asText());
        assertThat(row).containsEntry("DEPLOYED_BY", "owner").containsEntry("REASON", "會辦表單文字修正")
                .containsEntry("RESOURCE_NAME", "joint-review-opinion.form");
        assertThat(repository.getDeploymentResourceNames(deployed.json().path("deploymentId").asText()))
                .containsExactly("joint-review-opinion.form");
        Answer again = uploadForm("owner", relabelled, null);
        assertThat(again.status()).as("the same form again deploys nothing new: " + again.text()).isEqualTo(200);
        assertThat(again.json().path("created").asBoolean()).isFalse();

        // a new form becomes a form models may name
        String renamed = ProcessDeployApiTest.model("joint-review")
                .replace("camunda:formRef=\"joint-review-opinion\"", "camunda:formRef=\"joint-review-opinion-2026\"");
        assertThat(putDraft("joint-review", renamed).json().path("problems")).anySatisfy(p ->
                assertThat(p.path("code").asText()).isEqualTo("user-task.form"));
        assertThat(uploadForm("owner", form.replace("\"id\": \"joint-review-opinion\"", "\"id\": \"joint-review-opinion-2026\""),
                "115年版會辦表單").status()).isEqualTo(201);
        assertThat(api.get("/api/processes/joint-review/draft", "owner").json().path("problems")).isEmpty();
        assertThat(api.send("DELETE", "/api/processes/joint-review/draft", "owner", null, null).status()).isEqualTo(204);

        Map<String, String> refused = Map.of(
                "{not json", "JSON",
                "[1, 2]", "JSON 物件",
                form.replace("\"id\": \"joint-review-opinion\",", ""), "id",
                form.replace("\"key\": \"caseNo\", \"label\": \"案號\", \"readonly\": true", "\"key\": \"caseNo\", \"label\": \"案號\""),
                "caseNo: 欄位「caseNo」可由使用者填寫",
                form.replace(", {\"label\": \"有不同意見\", \"value\": \"object\"}", ""),
                "流程「joint-review」的作業「jointReview」");
        refused.forEach((content, why) -> {
            Answer answer = uploadForm("owner", content, null);
            assertThat(answer.status()).as(why + ": " + answer.text()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().path("errors").toString()).as(why).contains(why);
        });
        Multipart noFile = new Multipart().text("reason", "沒有檔案");
        assertThat(api.send("POST", "/api/forms", "owner", noFile.contentType(), noFile.bytes()).status()).isEqualTo(400);
        for (String user : List.of("tax.clerk", "manager", "auditor")) {
            Answer answer = uploadForm(user, relabelled, null);
            assertThat(answer.status()).as(user).isEqualTo(403);
        }
        assertThat(uploadForm(null, relabelled, null).status()).isEqualTo(401);
    }

    Answer uploadForm(String user, String content, String reason) {
        Multipart body = new Multipart().file("form.form", content.getBytes(StandardCharsets.UTF_8));
        if (reason != null) {
            body.text("reason", reason);
        }
        return api.send("POST", "/api/forms", user, body.contentType(), body.bytes());
    }

    private org.camunda.bpm.engine.repository.ProcessDefinition definitionOf(String caseNo) {
        String id = runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseNo).processDefinitionKey(LAND_TAX).singleResult()
                .getProcessDefinitionId();
        return repository.getProcessDefinition(id);
    }

    private static List<String> changes(JsonNode changes) {
        return StreamSupport.stream(changes.spliterator(), false)
                .map(c -> c.path("attribute").asText() + ": " + (c.path("from").isNull() ? "null" : c.path("from").asText()) + " → "
                        + (c.path("to").isNull() ? "null" : c.path("to").asText()))
                .toList();
    }
}
