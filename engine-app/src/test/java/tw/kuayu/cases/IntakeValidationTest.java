package tw.kuayu.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient.Answer;

/** Bad input gets a 4xx problem with a zh-TW detail and leaves nothing written. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class IntakeValidationTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RuntimeService runtime;

    ApiClient api;
    long casesBefore;
    long processesBefore;

    @BeforeEach
    void before() {
        api = new ApiClient(port);
        casesBefore = jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_case", Long.class);
        processesBefore = runtime.createProcessInstanceQuery().count();
    }

    static Map<String, Object> request(String caseType, String nationalId, String name, Map<String, Object> data) {
        return Map.of("caseType", caseType, "applicant", Map.of("nationalId", nationalId, "name", name), "data", data);
    }

    static Map<String, Object> landTax(String nationalId) {
        return request("land-value-tax-self-use", nationalId, "王小明", Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
    }

    JsonNode assertProblem(Answer answer, int status, String detailContains) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).contains(detailContains);
        return problem;
    }

    void assertNothingStored() {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_case", Long.class)).isEqualTo(casesBefore);
        assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(processesBefore);
    }

    @Test
    void wrongCheckDigitIsRefused() {
        assertProblem(api.postJson("/api/cases", "tax.clerk", landTax("A123456788")), 400, "檢查碼");
        assertNothingStored();
    }

    @Test
    void malformedNationalIdIsRefused() {
        assertProblem(api.postJson("/api/cases", "tax.clerk", landTax("A12345' OR 1=1")), 400, "身分證統一編號");
        assertNothingStored();
    }

    @Test
    void unknownCaseTypeIsRefused() {
        assertProblem(api.postJson("/api/cases", "tax.clerk", request("no-such-type", "A123456789", "王小明", Map.of())), 400,
                "未知的案件類型");
        assertNothingStored();
    }

    @Test
    void missingFieldsAreAllListed() {
        JsonNode problem = assertProblem(api.postJson("/api/cases", "tax.clerk", Map.of("caseType", "land-value-tax-self-use")), 400,
                "applicant");
        assertThat(problem.path("errors")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(problem.path("detail").asText()).contains("申請適用之土地地號");
        assertNothingStored();
    }

    @Test
    void unknownDataFieldIsRefused() {
        assertProblem(api.postJson("/api/cases", "tax.clerk", request("land-value-tax-self-use", "A123456789", "王小明",
                Map.of("parcelNo", "x", "salary", 100))), 400, "data.salary");
        assertNothingStored();
    }

    @Test
    void malformedJsonIsRefused() {
        assertProblem(api.postJson("/api/cases", "tax.clerk", "{\"caseType\": \"land-value-tax-self-use\", "), 400, "JSON");
        assertNothingStored();
    }

    @Test
    void oversizedJsonIsRefused() {
        String big = "{\"caseType\":\"land-value-tax-self-use\",\"data\":{\"parcelNo\":\"" + "地".repeat(40_000) + "\"}}";
        assertProblem(api.postJson("/api/cases", "tax.clerk", big), 413, "上限");
        assertNothingStored();
    }

    @Test
    void wrongContentTypeIsRefused() {
        Answer answer = api.send("POST", "/api/cases", "tax.clerk", "text/plain", "hello".getBytes());
        assertProblem(answer, 415, "Content-Type");
        assertNothingStored();
    }

    @Test
    void missingOrWrongCredentialsGet401() {
        Answer anonymous = api.postJson("/api/cases", null, landTax("A123456789"));
        assertProblem(anonymous, 401, "登入");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        // an unknown account: a wrong password for a real one would trigger the engine's login throttling for that user
        Answer wrong = api.send("GET", "/api/tasks", null, null, null, "Authorization", "Basic Z2hvc3Q6d3Jvbmc=");
        assertThat(wrong.status()).isEqualTo(401);
        assertNothingStored();
    }

    @Test
    void anotherAgencyCannotFileTheCaseType() {
        assertProblem(api.postJson("/api/cases", "udd.clerk", landTax("A123456789")), 403, "臺北市稅捐稽徵處");
        assertNothingStored();
    }

    @Test
    void idempotencyKeyReturnsTheFirstAnswer() {
        Answer first = api.postJson("/api/cases", "tax.clerk", landTax("A123456789"), "Idempotency-Key", "retry-123");
        Answer second = api.postJson("/api/cases", "tax.clerk", landTax("A123456789"), "Idempotency-Key", "retry-123");
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        assertThat(second.json().path("caseNo").asText()).isEqualTo(first.json().path("caseNo").asText());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_case", Long.class)).isEqualTo(casesBefore + 1);

        assertProblem(api.postJson("/api/cases", "tax.clerk", landTax("F131104093"), "Idempotency-Key", "retry-123"), 422,
                first.json().path("caseNo").asText());
    }

    @Test
    void unknownCaseAndBadPagingAreProblems() {
        assertProblem(api.get("/api/cases/does-not-exist", "tax.clerk"), 404, "查無此案件");
        assertProblem(api.get("/api/tasks?size=100000", "tax.clerk"), 400, "分頁");
        assertProblem(api.get("/api/tasks?page=abc", "tax.clerk"), 400, "page");
    }

    @Test
    void verifyRefusesSomethingThatIsNotAPdf() {
        assertProblem(api.send("POST", "/api/decisions/verify", null, "application/pdf", "not a pdf".getBytes()), 400, "不是 PDF");
    }
}
