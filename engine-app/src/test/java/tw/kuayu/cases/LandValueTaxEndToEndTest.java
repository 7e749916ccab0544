package tw.kuayu.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient.Answer;

/**
 * The first case type end to end through the public API, as the demo users, with evidence fetched
 * over real HTTP from the agency stand-in and a signed PDF decision. Runs on embedded H2; the
 * PostgreSQL subclass runs the same tests on a real PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class LandValueTaxEndToEndTest {

    static final String CASE_TYPE = "land-value-tax-self-use";

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    Answer file(String nationalId, String name) {
        return api.postJson("/api/cases", "tax.clerk", Map.of("caseType", CASE_TYPE,
                "applicant", Map.of("nationalId", nationalId, "name", name),
                "data", Map.of("parcelNo", "大安區龍泉段二小段0123-0000")));
    }

    JsonNode caseView(String id, String user) {
        Answer answer = api.get("/api/cases/" + id, user);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    /** Waits for the case's open task at the given step (the evidence job runs on the engine's job executor). */
    JsonNode waitForTask(String caseId, String step) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode task : caseView(caseId, "tax.clerk").path("tasks")) {
                if (task.path("step").asText().equals(step)) {
                    return task;
                }
            }
            return null;
        }, t -> t != null);
    }

    JsonNode waitForDecision(String caseId) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> caseView(caseId, "tax.clerk"),
                        // the view reads the case row before the decision row: both are committed together
                        c -> !c.path("decision").isNull() && !c.path("status").asText().equals(CaseStatus.IN_PROGRESS));
    }

    void complete(String taskId, String user, String action, String opinion) {
        Answer answer = api.postJson("/api/tasks/" + taskId + "/complete", user, Map.of("action", action, "opinion", opinion));
        assertThat(answer.status()).as(answer.text()).isEqualTo(204);
    }

    @Test
    void eligibleApplicantIsApprovedAndGetsASignedDecision(CapturedOutput output) throws Exception {
        Answer filed = file("A123456789", "王小明");
        assertThat(filed.status()).as(filed.text()).isEqualTo(201);
        String id = filed.json().path("id").asText();
        String caseNo = filed.json().path("caseNo").asText();
        assertThat(caseNo).matches("\\d{3}-TAX-\\d{6}");
        assertThat(filed.headers().firstValue("Location")).hasValue("/api/cases/" + id);

        JsonNode review = waitForTask(id, "review");
        assertThat(review.path("agency").asText()).isEqualTo("tpe-tax");
        assertThat(review.path("actions")).extracting(JsonNode::asText).containsExactly("approve", "reject", "requestCorrection");

        JsonNode view = caseView(id, "tax.clerk");
        assertThat(view.path("applicant").path("nationalId").asText()).isEqualTo("A12****789");
        assertThat(view.path("evidence")).hasSize(2);
        assertThat(view.path("evidence")).allSatisfy(e -> {
            assertThat(e.path("found").asBoolean()).isTrue();
            assertThat(e.path("sha256").asText()).hasSize(64);
            assertThat(e.path("fetchedAt").isNull()).isFalse();
        });
        assertThat(view.path("eligibility").path("eligible").asBoolean()).isTrue();

        // the caseworker's worklist shows the task; the approver cannot act on it as a caseworker would
        JsonNode worklist = api.get("/api/tasks", "tax.clerk").json();
        assertThat(worklist.path("items")).anySatisfy(t -> assertThat(t.path("caseNo").asText()).isEqualTo(caseNo));

        complete(review.path("id").asText(), "tax.clerk", "approve", "戶籍與地籍資料相符，擬准。");
        JsonNode approve = waitForTask(id, "approve");
        assertThat(api.postJson("/api/tasks/" + approve.path("id").asText() + "/complete", "tax.clerk",
                Map.of("action", "approve")).status()).as("a caseworker may not give the final approval").isEqualTo(403);
        complete(approve.path("id").asText(), "tax.chief", "approve", "准。");

        JsonNode decided = waitForDecision(id);
        assertThat(decided.path("status").asText()).isEqualTo("approved");
        assertThat(decided.path("decision").path("outcome").asText()).isEqualTo("approved");
        assertThat(decided.path("decision").path("documentNo").asText()).startsWith("北市稽財字第");
        assertThat(decided.path("opinions")).hasSize(2);

        Answer pdf = api.get("/api/cases/" + id + "/decision.pdf", "tax.chief");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        assertThat(api.get("/api/cases/" + id + "/decision.pdf", "tax.clerk").body()).as("re-downloads are byte-identical")
                .isEqualTo(pdf.body());
        assertThat(text(pdf.body())).contains("臺北市稅捐稽徵處", "准予核定", caseNo).doesNotContain("A123456789");

        JsonNode verified = api.send("POST", "/api/decisions/verify", null, "application/pdf", pdf.body()).json();
        assertThat(verified.path("valid").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.path("caseNo").asText()).isEqualTo(caseNo);
        assertThat(verified.path("signatures")).hasSize(1);
        assertThat(verified.path("modifiedAfterSigning").asBoolean()).isFalse();
        assertPdfsigAccepts(pdf.body());

        String documentNo = decided.path("decision").path("documentNo").asText();
        Answer page = api.get("/verify?documentNo=" + java.net.URLEncoder.encode(documentNo, java.nio.charset.StandardCharsets.UTF_8), null);
        assertThat(page.status()).as("the QR code's page is public").isEqualTo(200);
        assertThat(page.text()).contains(documentNo, "有效", "臺北市稅捐稽徵處").doesNotContain("王小明");

        byte[] tampered = pdf.body().clone();
        tampered[tampered.length / 3] ^= 0x01; // inside the signed byte range
        JsonNode rejected = api.send("POST", "/api/decisions/verify", null, "application/pdf", tampered).json();
        assertThat(rejected.path("valid").asBoolean()).as("a flipped byte is detected").isFalse();

        // the auditor sees both lookups with their purpose and legal basis
        JsonNode audit = api.get("/api/audit/data-access?caseId=" + id, "auditor").json();
        assertThat(audit).hasSize(2);
        assertThat(audit).allSatisfy(entry -> {
            assertThat(entry.path("purpose").asText()).isNotBlank();
            assertThat(entry.path("legalBasis").asText()).contains("土地稅法");
            assertThat(entry.path("outcome").asText()).isEqualTo("found");
            assertThat(entry.path("applicantMasked").asText()).isEqualTo("A12****789");
        });
        assertThat(api.get("/api/audit/data-access?caseId=" + id, "tax.clerk").status()).isEqualTo(403);

        assertThat(output.getAll()).as("national IDs never appear in logs in clear").doesNotContain("A123456789");
    }

    @Test
    void ineligibleApplicantIsRejectedWithTheStatedReason(CapturedOutput output) throws Exception {
        Answer filed = file("B234567890", "林美惠");
        assertThat(filed.status()).as(filed.text()).isEqualTo(201);
        String id = filed.json().path("id").asText();

        JsonNode review = waitForTask(id, "review");
        JsonNode view = caseView(id, "tax.clerk");
        assertThat(view.path("eligibility").path("eligible").asBoolean()).isFalse();
        String reason = view.path("eligibility").path("reason").asText();
        assertThat(reason).contains("土地稅法第9條");

        complete(review.path("id").asText(), "tax.clerk", "reject", "擬駁回。");
        complete(waitForTask(id, "approve").path("id").asText(), "tax.chief", "reject", "");

        JsonNode decided = waitForDecision(id);
        assertThat(decided.path("status").asText()).isEqualTo("rejected");
        assertThat(decided.path("decision").path("reason").asText()).isEqualTo(reason);
        byte[] pdf = api.get("/api/cases/" + id + "/decision.pdf", "tax.clerk").body();
        assertThat(text(pdf)).contains("歉難照准", "駁回理由");
        assertThat(output.getAll()).doesNotContain("B234567890");
    }

    @Test
    void returnedCaseGoesBackToTheCaseworker() {
        String id = file("A123456789", "王小明").json().path("id").asText();
        complete(waitForTask(id, "review").path("id").asText(), "tax.clerk", "approve", "擬准");
        complete(waitForTask(id, "approve").path("id").asText(), "tax.chief", "return", "請補充說明設籍情形");
        JsonNode again = waitForTask(id, "review");
        assertThat(again.path("actions")).isNotEmpty();
        assertThat(caseView(id, "tax.clerk").path("opinions")).extracting(o -> o.path("action").asText())
                .containsExactly("approve", "return");
    }

    @Test
    void anotherAgencyCannotSeeOrWorkTheCase() {
        String id = file("A123456789", "王小明").json().path("id").asText();
        JsonNode review = waitForTask(id, "review");

        assertThat(api.get("/api/cases/" + id, "udd.clerk").status()).isEqualTo(404);
        assertThat(api.get("/api/tasks", "udd.clerk").json().path("items"))
                .noneSatisfy(t -> assertThat(t.path("caseId").asText()).isEqualTo(id));
        Answer foreign = api.postJson("/api/tasks/" + review.path("id").asText() + "/complete", "udd.clerk", Map.of("action", "approve"));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
        assertThat(api.postJson("/api/tasks/" + review.path("id").asText() + "/complete", "tax.clerk",
                Map.of("action", "teleport")).status()).as("an action the task does not offer").isEqualTo(400);

        // the engine REST API asks for credentials and applies the engine's authorizations
        assertThat(api.get("/engine-rest/task", null).status()).isEqualTo(401);
        JsonNode clerkTasks = api.get("/engine-rest/task?processInstanceBusinessKey=" + caseView(id, "tax.clerk").path("caseNo").asText(),
                "tax.clerk").json();
        assertThat(clerkTasks).hasSize(1);
        JsonNode foreignTasks = api.get("/engine-rest/task?processInstanceBusinessKey=" + caseView(id, "tax.clerk").path("caseNo").asText(),
                "udd.clerk").json();
        assertThat(foreignTasks).isEmpty();
    }

    @Test
    void completingThroughTheEngineRestApiIsRecordedAndCheckedTheSameWay() {
        String id = file("A123456789", "王小明").json().path("id").asText();
        String taskId = waitForTask(id, "review").path("id").asText();
        String path = "/engine-rest/task/" + taskId + "/complete";

        Answer foreign = api.postJson(path, "udd.clerk", Map.of("variables", Map.of("action", Map.of("value", "approve"))));
        assertThat(foreign.status()).as("another agency through the engine REST API: " + foreign.text()).isIn(403, 404);
        Answer teleport = api.postJson(path, "tax.clerk", Map.of("variables", Map.of("action", Map.of("value", "teleport"))));
        assertThat(teleport.status()).as("an action the task does not offer").isGreaterThanOrEqualTo(400);
        assertThat(waitForTask(id, "review").path("id").asText()).as("the task is still open").isEqualTo(taskId);

        Answer done = api.postJson(path, "tax.clerk", Map.of("variables", Map.of(
                "action", Map.of("value", "approve"), "opinion", Map.of("value", "經 REST 介面審查，擬准。"))));
        assertThat(done.status()).as(done.text()).isEqualTo(204);
        waitForTask(id, "approve");
        assertThat(caseView(id, "tax.clerk").path("opinions")).singleElement().satisfies(o -> {
            assertThat(o.path("userId").asText()).isEqualTo("tax.clerk");
            assertThat(o.path("action").asText()).isEqualTo("approve");
            assertThat(o.path("opinion").asText()).isEqualTo("經 REST 介面審查，擬准。");
            assertThat(o.path("agency").asText()).isEqualTo("tpe-tax");
        });
    }

    @Test
    void healthIsPublicAndCaseTypesAreListed() {
        assertThat(api.get("/actuator/health", null).json().path("status").asText()).isEqualTo("UP");
        JsonNode types = api.get("/api/case-types", "tax.clerk").json();
        assertThat(types).anySatisfy(t -> {
            assertThat(t.path("key").asText()).isEqualTo(CASE_TYPE);
            assertThat(t.path("statutoryDays").asInt()).isPositive();
            assertThat(t.path("requiredEvidence")).hasSize(2);
        });
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    /** poppler's pdfsig, an independent verifier, must find one valid signature. */
    static void assertPdfsigAccepts(byte[] pdf) throws Exception {
        assertPdfsigAccepts(pdf, 1);
    }

    /** pdfsig must find exactly {@code signatures} signatures, each valid. */
    static void assertPdfsigAccepts(byte[] pdf, int signatures) throws Exception {
        Path file = Files.createTempFile("kuayu-decision", ".pdf");
        try {
            Files.write(file, pdf);
            Process process;
            try {
                process = new ProcessBuilder("pdfsig", file.toString()).redirectErrorStream(true).start();
            } catch (IOException missing) {
                throw new AssertionError("pdfsig is not installed: run `apt-get install poppler-utils` (scripts/test.sh does this)", missing);
            }
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            process.waitFor();
            assertThat(out).as(out).contains("Signature #" + signatures).doesNotContain("Signature #" + (signatures + 1));
            assertThat(out.split("Signature is Valid", -1).length - 1).as(out).isEqualTo(signatures);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
