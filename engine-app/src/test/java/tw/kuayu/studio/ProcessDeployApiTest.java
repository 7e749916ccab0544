package tw.kuayu.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseDriver;

/**
 * {@code POST /api/processes} over real HTTP as the demo process owner: a valid model becomes a new
 * version that new cases start on; a broken one is refused with every problem listed; only process owners
 * deploy; an XXE payload is refused without anything being fetched. Its own context (smaller upload limit),
 * so the versions deployed here reach no other test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.servlet.multipart.max-file-size=256KB", "spring.servlet.multipart.max-request-size=256KB"})
@ActiveProfiles({"demo", "test"})
class ProcessDeployApiTest {

    static final String LAND_TAX = "land-value-tax-self-use";

    @LocalServerPort
    int port;

    @Autowired
    RuntimeService runtime;

    @Autowired
    JdbcTemplate jdbc;

    ApiClient api;
    CaseDriver cases;

    @BeforeEach
    void client() {
        cases = new CaseDriver(port);
        api = cases.api;
    }

    static String model(String key) throws IOException {
        try (InputStream in = ProcessDeployApiTest.class.getResourceAsStream("/processes/" + key + ".bpmn")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    Answer upload(String user, String xml, String reason) {
        Multipart body = new Multipart().file("model.bpmn", xml.getBytes(StandardCharsets.UTF_8));
        if (reason != null) {
            body.text("reason", reason);
        }
        return api.send("POST", "/api/processes", user, body.contentType(), body.bytes());
    }

    @Test
    void aValidModelBecomesANewVersionThatNewCasesStartOn() throws Exception {
        int before = versionsOf(LAND_TAX).path("latestVersion").asInt();
        String changed = model(LAND_TAX).replace("name=\"地價稅自用住宅用地申請\" isExecutable", "name=\"地價稅自用住宅用地申請（114年修正）\" isExecutable");

        Answer answer = upload("owner", changed, "配合土地稅法修正，更新流程名稱");
        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        JsonNode deployed = answer.json();
        String deploymentId = deployed.path("deploymentId").asText();
        assertThat(deployed.path("processes")).singleElement().satisfies(p -> {
            assertThat(p.path("key").asText()).isEqualTo(LAND_TAX);
            assertThat(p.path("version").asInt()).isEqualTo(before + 1);
        });
        String definitionId = deployed.path("processes").get(0).path("id").asText();

        Map<String, Object> row = jdbc.queryForMap("SELECT d.deployed_by, d.reason, d.resource_name, p.process_key, p.process_version "
                + "FROM kuayu_deployment d JOIN kuayu_deployment_process p ON p.record_id = d.id WHERE d.deployment_id = ?", deploymentId);
        assertThat(row).containsEntry("DEPLOYED_BY", "owner").containsEntry("REASON", "配合土地稅法修正，更新流程名稱")
                .containsEntry("RESOURCE_NAME", LAND_TAX + ".bpmn").containsEntry("PROCESS_KEY", LAND_TAX)
                .containsEntry("PROCESS_VERSION", before + 1);

        String caseId = cases.file("tax.clerk", LAND_TAX, "A123456789", "王小明", Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
        String caseNo = cases.caseView(caseId, "tax.clerk").path("caseNo").asText();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseNo).singleResult().getProcessDefinitionId())
                .isEqualTo(definitionId);
        cases.waitForTask(caseId, "review", "tax.clerk");

        JsonNode listed = versionsOf(LAND_TAX);
        assertThat(listed.path("latestVersion").asInt()).isEqualTo(before + 1);
        assertThat(listed.path("name").asText()).isEqualTo("地價稅自用住宅用地申請（114年修正）");
        assertThat(listed.path("versions").get(0).path("id").asText()).isEqualTo(definitionId);
        assertThat(listed.path("versions").get(0).path("runningInstances").asLong()).isEqualTo(1);

        Answer again = upload("owner", changed, null);
        assertThat(again.status()).as("the same model again deploys nothing new: " + again.text()).isEqualTo(200);
        assertThat(again.json().path("created").asBoolean()).isFalse();
        assertThat(again.json().path("processes").get(0).path("version").asInt()).isEqualTo(before + 1);
    }

    @Test
    void aBrokenModelIsRefusedWithEveryProblemListed() throws Exception {
        String broken = model(LAND_TAX)
                .replace("camunda:candidateGroups=\"${ownerAgency}\"", "camunda:candidateGroups=\"tpe-nowhere\"")
                .replace("camunda:formRef=\"land-tax-approve\"", "camunda:formRef=\"no-such-form\"")
                .replace("camunda:delegateExpression=\"${issueDecision}\"", "camunda:class=\"com.example.Evil\"");
        int before = versionsOf(LAND_TAX).path("latestVersion").asInt();

        Answer answer = upload("owner", broken, "不應部署");
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("detail").asText()).contains("3 項問題");
        List<String> errors = errorList(answer);
        assertThat(errors).hasSize(3).contains(
                "review: 承辦群組「tpe-nowhere」不是已登錄的機關（kuayu.agencies）。",
                "approve: 表單「no-such-form」不存在；請先部署該表單或改用既有表單。");
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("issueDecision: 自動作業不可指定 Java 類別（camunda:class=\"com.example.Evil\"）"));
        assertThat(versionsOf(LAND_TAX).path("latestVersion").asInt()).as("nothing deployed").isEqualTo(before);
    }

    @Test
    void eachKindOfBrokenModelIsRefused() throws Exception {
        String land = model(LAND_TAX);
        Map<String, String> cases = Map.of(
                "not BPMN", "<?xml version=\"1.0\"?><note/>",
                "script task", land.replaceFirst("<bpmn:endEvent id=\"", "<bpmn:scriptTask id=\"calc\" scriptFormat=\"groovy\"><bpmn:script>1</bpmn:script></bpmn:scriptTask><bpmn:endEvent id=\""),
                "no history TTL", land.replace(" camunda:historyTimeToLive=\"P3650D\"", ""),
                "unknown pattern", model("public-housing-low-income").replace("calledElement=\"co-signing\"", "calledElement=\"co-signing-v9\""),
                "no actions", land.replace("<camunda:property name=\"kuayu.actions\" value=\"approve,reject,return\" />", ""));
        Map<String, String> expected = Map.of(
                "not BPMN", "definitions: 模型無法解析",
                "script task", "calc: 不允許內嵌腳本任務",
                "no history TTL", LAND_TAX + ": 流程未設定歷程保存期限",
                "unknown pattern", "coSigning: 呼叫的流程「co-signing-v9」不存在",
                "no actions", "kuayu.actions");
        cases.forEach((name, xml) -> {
            Answer answer = upload("owner", xml, null);
            assertThat(answer.status()).as(name + ": " + answer.text()).isEqualTo(400);
            assertThat(errorList(answer)).as(name).anySatisfy(e -> assertThat(e).contains(expected.get(name)));
        });
    }

    @Test
    void onlyProcessOwnersDeploy() throws Exception {
        String valid = model("referral");
        for (String user : List.of("tax.clerk", "tax.chief", "manager", "auditor")) {
            Answer answer = upload(user, valid, null);
            assertThat(answer.status()).as(user).isEqualTo(403);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertThat(upload(null, valid, null).status()).isEqualTo(401);
        assertThat(api.get("/api/processes", "manager").status()).isEqualTo(200);
        assertThat(api.get("/api/processes", "tax.clerk").status()).isEqualTo(403);
    }

    @Test
    void anXxeUploadIsRefusedWithoutReadingWhatItNames(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-XXE");
        AtomicInteger fetched = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            fetched.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            String xxe = model(LAND_TAX).replaceFirst("\\?>", "?>\n<!DOCTYPE d [<!ENTITY s SYSTEM \"" + secret.toUri()
                            + "\"><!ENTITY r SYSTEM \"http://127.0.0.1:" + server.getAddress().getPort() + "/xxe\">]>")
                    .replace("name=\"承辦審查\"", "name=\"&s;&r;\"");
            Answer answer = upload("owner", xxe, null);
            assertThat(answer.status()).as(answer.text()).isEqualTo(400);
            assertThat(answer.text()).doesNotContain("TOP-SECRET-XXE");
            assertThat(errorList(answer)).singleElement().satisfies(e -> assertThat(e).startsWith("definitions: 檔案含有 DOCTYPE 宣告"));
            assertThat(fetched).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUploadOverTheLimitIsRefusedWith413() {
        String huge = "<?xml version=\"1.0\"?><x>" + "a".repeat(300 * 1024) + "</x>";
        Answer answer = upload("owner", huge, null);
        assertThat(answer.status()).as(answer.text()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anUploadWithoutAFileIsRefused() {
        Multipart body = new Multipart().text("reason", "沒有檔案");
        Answer answer = api.send("POST", "/api/processes", "owner", body.contentType(), body.bytes());
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.json().path("detail").asText()).contains("file");
    }

    private JsonNode versionsOf(String key) {
        Answer answer = api.get("/api/processes", "owner");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        for (JsonNode process : answer.json()) {
            if (process.path("key").asText().equals(key)) {
                return process;
            }
        }
        throw new AssertionError("no process " + key + " in " + answer.text());
    }

    private static List<String> errorList(Answer answer) {
        return java.util.stream.StreamSupport.stream(answer.json().path("errors").spliterator(), false).map(JsonNode::asText).toList();
    }
}
