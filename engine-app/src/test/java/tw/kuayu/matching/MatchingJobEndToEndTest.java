package tw.kuayu.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
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
import tw.kuayu.connectors.ConnectorRegistry;
import tw.kuayu.connectors.NationalId;
import tw.kuayu.connectors.standin.AgencyStandIn;
import tw.kuayu.connectors.standin.Fault;

/**
 * 勾稽 end to end over real HTTP: a few hundred people of the stand-in's generated population checked
 * against the welfare source in one engine-run job, with progress, a result file, one audit entry
 * per person; verdict-only sources give verdicts; bad uploads are refused line by line with nothing
 * written; a source that is down holds the job until the engine's retry gets through.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class MatchingJobEndToEndTest {

    static final String WELFARE_BASIS = "社會救助法第4條、第4條之1、第10條（低收入戶及中低收入戶資格年度總清查）";
    static final String TAX_BASIS = "社會救助法第4條、第5條之1（家庭總收入查核）、稅捐稽徵法第33條第1項";

    @LocalServerPort
    int port;
    @Autowired
    AgencyStandIn standIn;
    @Autowired
    ConnectorRegistry connectors;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        standIn.population(true);
    }

    @AfterEach
    void heal() {
        standIn.population(false);
        standIn.faults().clearAll();
        connectors.sources().forEach(s -> connectors.circuitBreaker(s).ifPresent(b -> b.transitionToClosedState()));
    }

    /** {@code count} valid, distinct national IDs (check digit computed), starting at {@code from}. */
    static List<String> people(int from, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = from; ids.size() < count; i++) {
            String prefix = "F" + (i % 2 == 0 ? "1" : "2") + String.format("%07d", i * 37 % 10_000_000);
            for (int d = 0; d < 10; d++) {
                if (NationalId.isValid(prefix + d)) {
                    ids.add(prefix + d);
                    break;
                }
            }
        }
        return ids;
    }

    static byte[] csv(List<String> lines) {
        return ("\uFEFF身分證統一編號\r\n" + String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    Answer submit(String user, byte[] file, Map<String, String> fields) {
        String boundary = "kuayu-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        if (file != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clients.csv\"\r\n"
                    + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.send("POST", "/api/matching-jobs", user, "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    static Map<String, String> welfare(String purpose) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("source", "welfare");
        fields.put("recordType", "low-income-status");
        fields.put("legalBasis", WELFARE_BASIS);
        fields.put("purpose", purpose);
        return fields;
    }

    JsonNode awaitCompleted(String id, String user) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                .until(() -> api.get("/api/matching-jobs/" + id, user).json(), p -> p.path("state").asText().equals("completed"));
    }

    long auditCount(String jobId) {
        Answer answer = api.get("/api/audit/data-access?caseId=" + jobId + "&size=1", "auditor");
        assertThat(answer.status()).isEqualTo(200);
        return Long.parseLong(answer.headers().firstValue("X-Total-Count").orElseThrow());
    }

    List<String> resultLines(String id, String user) {
        Answer result = api.get("/api/matching-jobs/" + id + "/result.csv", user);
        assertThat(result.status()).as(result.text()).isEqualTo(200);
        assertThat(result.contentType()).startsWith("text/csv");
        return List.of(result.text().replace("\uFEFF", "").split("\r\n"));
    }

    @Test
    void threeHundredWelfareClientsAreCheckedInOneJobWithOneAuditEntryEach() {
        List<String> ids = people(1, 300);
        standIn.resetStats();
        Answer submitted = submit("social.reviewer", csv(ids), welfare("114年度低收入戶資格總清查"));
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(201);
        String id = submitted.json().path("id").asText();
        assertThat(submitted.headers().firstValue("Location").orElseThrow()).endsWith("/api/matching-jobs/" + id);
        assertThat(submitted.json().path("total").asInt()).isEqualTo(300);
        assertThat(submitted.json().path("jobNo").asText()).matches("\\d{3}-SOC-M\\d{5}");
        assertThat(submitted.json().path("fields")).extracting(JsonNode::asText)
                .containsExactly("lowIncome", "middleLowIncome", "status", "category", "validTo");

        JsonNode done = awaitCompleted(id, "social.reviewer");
        assertThat(done.path("checked").asInt()).isEqualTo(300);
        assertThat(done.path("outcomes").path("found").asInt()).isEqualTo(300);
        assertThat(done.path("problems")).isEmpty();
        assertThat(standIn.requestCount("welfare")).isEqualTo(300);

        assertThat(auditCount(id)).as("one audit entry per person").isEqualTo(300);
        JsonNode entries = api.get("/api/audit/data-access?caseId=" + id + "&size=5", "auditor").json();
        assertThat(entries).hasSize(5).allSatisfy(e -> {
            assertThat(e.path("purpose").asText()).isEqualTo("114年度低收入戶資格總清查");
            assertThat(e.path("legalBasis").asText()).isEqualTo(WELFARE_BASIS);
            assertThat(e.path("userId").asText()).isEqualTo("social.reviewer");
            assertThat(e.path("caseNo").asText()).isEqualTo(done.path("jobNo").asText());
            assertThat(e.path("applicantMasked").asText()).matches("F[12]\\d\\*{4}\\d{3}");
        });

        List<String> lines = resultLines(id, "social.reviewer");
        assertThat(lines).hasSize(301);
        assertThat(lines.get(0)).contains("lowIncome").contains("status").doesNotContain("office").doesNotContain("householdSize");
        assertThat(lines.get(1)).startsWith("2,").contains(NationalId.mask(ids.get(0))).contains("有資料");
        assertThat(String.join("\n", lines)).doesNotContain(ids.get(0)).doesNotContain(ids.get(299));

        // the auditor may read it; another agency may not
        assertThat(api.get("/api/matching-jobs/" + id, "auditor").status()).isEqualTo(200);
        assertThat(api.get("/api/matching-jobs/" + id, "tax.clerk").status()).isEqualTo(404);
    }

    @Test
    void aVerdictOnlySourceGivesVerdictsNeverFigures() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("source", "tax");
        fields.put("recordType", "income-below-threshold");
        fields.put("legalBasis", TAX_BASIS);
        fields.put("purpose", "低收入戶家庭總收入抽查");
        standIn.population(false);
        Answer submitted = submit("social.reviewer", csv(List.of("A123456789", "B234567890", "B234567894")), fields);
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(201);
        String id = submitted.json().path("id").asText();
        awaitCompleted(id, "social.reviewer");

        List<String> lines = resultLines(id, "social.reviewer");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).endsWith(",meets,說明 detail");
        assertThat(lines.get(1)).startsWith("2,A12****789,有資料,").endsWith(",true,");
        assertThat(lines.get(2)).startsWith("3,B23****890,有資料,").endsWith(",false,");
        assertThat(lines.get(3)).startsWith("4,B23****894,查無資料,");
        assertThat(String.join("\n", lines)).doesNotContain("Twd").doesNotContain("income");
        assertThat(auditCount(id)).isEqualTo(3);
    }

    @Test
    void aBadUploadIsRefusedLineByLineAndNothingIsWritten() {
        long jobsBefore = runtime.createProcessInstanceQuery().processDefinitionKey(MatchingJobs.PROCESS_KEY).count();
        List<String> lines = new ArrayList<>(people(1000, 3));
        lines.add("A123456788");         // wrong check digit, line 5
        lines.add(lines.get(0));         // duplicate of line 2, line 6
        lines.add("not-an-id");          // line 7
        Answer bad = submit("social.reviewer", csv(lines), welfare("總清查"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.json().path("errors")).extracting(JsonNode::asText).containsExactly(
                "第 5 行：身分證統一編號格式或檢查碼錯誤（A12****788）",
                "第 6 行：與第 2 行重複（" + NationalId.mask(lines.get(0)) + "）",
                "第 7 行：身分證統一編號格式或檢查碼錯誤（NOT****-ID）");
        assertThat(bad.json().path("detail").asText()).contains("名單未送出");

        Map<String, String> tooMuch = welfare("總清查");
        tooMuch.put("fields", "status,householdSize,office");
        Answer beyond = submit("social.reviewer", csv(people(1000, 3)), tooMuch);
        assertThat(beyond.status()).isEqualTo(400);
        assertThat(beyond.json().path("errors").toString()).contains("householdSize").contains("office").contains("比例原則");

        Map<String, String> otherBasis = welfare("總清查");
        otherBasis.put("legalBasis", "個人興趣");
        assertThat(submit("social.reviewer", csv(people(1000, 3)), otherBasis).json().path("errors").toString()).contains("legalBasis");

        Answer noPurpose = submit("social.reviewer", csv(people(1000, 3)), welfare(" "));
        assertThat(noPurpose.json().path("errors").toString()).contains("purpose");

        Answer tooMany = submit("social.reviewer", csv(people(1, 10_001)), welfare("總清查"));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().path("errors").toString()).contains("超過單次勾稽上限 10000 人");

        Answer noFile = submit("social.reviewer", null, welfare("總清查"));
        assertThat(noFile.json().path("errors").toString()).contains("file");

        assertThat(submit("tax.clerk", csv(people(1000, 3)), welfare("總清查")).status()).as("an agency without a rule").isEqualTo(403);
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(MatchingJobs.PROCESS_KEY).count()).isEqualTo(jobsBefore);
    }

    @Test
    void aSourceThatIsDownHoldsTheJobUntilTheEnginesRetryGetsThrough() {
        standIn.faults().set("welfare", Fault.down());
        Answer submitted = submit("district.clerk", csv(people(2000, 120)), welfare("區公所低收入戶複查"));
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(201);
        String id = submitted.json().path("id").asText();

        JsonNode waiting = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> api.get("/api/matching-jobs/" + id, "district.clerk").json(), p -> p.path("problems").size() > 0);
        assertThat(waiting.path("state").asText()).isEqualTo("running");
        assertThat(waiting.path("problems").get(0).asText()).contains("社政資料來源");
        assertThat(api.get("/api/matching-jobs/" + id + "/result.csv", "district.clerk").status()).isEqualTo(409);

        standIn.faults().clear("welfare");
        connectors.circuitBreaker("welfare").orElseThrow().transitionToClosedState();
        String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(waiting.path("jobNo").asText()).singleResult().getId();
        // a job the executor is running at that moment cannot be made due (OptimisticLocking): the next poll tries again
        JsonNode done = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                .ignoreException(OptimisticLockingException.class).until(() -> {
            // a chunk that failed waits a minute (R5/PT1M) for its retry: make it due now instead
            for (Job job : management.createJobQuery().processInstanceId(instance).withException().list()) {
                management.setJobDuedate(job.getId(), new Date());
            }
            return api.get("/api/matching-jobs/" + id, "district.clerk").json();
        }, p -> p.path("state").asText().equals("completed"));
        assertThat(done.path("checked").asInt()).isEqualTo(120);
        assertThat(resultLines(id, "district.clerk")).hasSize(121);
        // every person answered once; the failed attempts are logged too
        JsonNode audit = api.get("/api/audit/data-access?caseId=" + id + "&size=1000", "auditor").json();
        assertThat(audit).filteredOn(e -> e.path("outcome").asText().equals("found")).hasSize(120);
        assertThat(audit).filteredOn(e -> e.path("outcome").asText().equals("failed")).isNotEmpty();
    }
}
