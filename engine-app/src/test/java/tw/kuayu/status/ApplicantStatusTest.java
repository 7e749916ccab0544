package tw.kuayu.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseDriver;

/** 案件進度查詢 over real HTTP, without login: what the applicant sees, and what nobody else can learn from it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class ApplicantStatusTest {

    @LocalServerPort
    int port;

    @Autowired
    LookupThrottle throttle;

    CaseDriver cases;

    @BeforeEach
    void driver() {
        cases = new CaseDriver(port);
    }

    Answer lookup(String caseNo, String nationalId) {
        return cases.api.postJson("/api/public/case-status", null, Map.of("caseNo", caseNo, "nationalId", nationalId),
                "X-Forwarded-For", "ignored");
    }

    @Test
    void applicantSeesTheStepAgencyAndDueDateButNoStaffOrOpinions() {
        String id = cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明", Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
        cases.act(id, "review", "tax.clerk", "approve", "經查設籍及地籍資料均符合，擬准。");
        cases.waitForTask(id, "approve", "tax.chief");
        String caseNo = cases.caseView(id, "tax.clerk").path("caseNo").asText();

        Answer answer = lookup(caseNo, "a123456789");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonNode status = answer.json();
        assertThat(status.path("caseNo").asText()).isEqualTo(caseNo);
        assertThat(status.path("statusLabel").asText()).isEqualTo("處理中");
        assertThat(status.path("agency").asText()).isEqualTo("臺北市稅捐稽徵處");
        assertThat(status.path("dueAt").asText()).isNotBlank();
        assertThat(status.path("currentSteps")).singleElement().satisfies(step -> {
            assertThat(step.path("name").asText()).isEqualTo("核定");
            assertThat(step.path("agency").asText()).isEqualTo("臺北市稅捐稽徵處");
        });
        assertThat(answer.text()).doesNotContain("tax.clerk", "tax.chief", "擬准", "A123456789", "王小明");
    }

    @Test
    void aWrongNationalIdLooksExactlyLikeAnUnknownCase() {
        String id = cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明", Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
        String caseNo = cases.caseView(id, "tax.clerk").path("caseNo").asText();

        Answer wrongId = lookup(caseNo, "B234567890");
        Answer unknown = lookup("115-TAX-999999", "A123456789");
        assertThat(wrongId.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(wrongId.json().path("detail")).isEqualTo(unknown.json().path("detail"));
        assertThat(wrongId.contentType()).startsWith("application/problem+json");

        Answer missing = cases.api.postJson("/api/public/case-status", null, Map.of("caseNo", caseNo));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("detail").asText()).contains("身分證統一編號");
    }

    @Test
    void guessingIsCutOffWith429AndRetryAfter() {
        throttle.reset();
        for (int i = 0; i < LookupThrottle.MAX_FAILURES; i++) {
            assertThat(lookup("115-TAX-99999" + i, "A123456789").status()).isEqualTo(404);
        }
        Answer blocked = lookup("115-TAX-000001", "A123456789");
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(blocked.json().path("detail").asText()).contains("稍後再試");
        throttle.reset();
    }

    @Test
    void thePageIsPublic() {
        Answer page = cases.api.get("/status", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("案件進度查詢", "/js/status.js");
        Answer script = cases.api.get("/js/status.js", null);
        assertThat(script.status()).as("the page's script is public too").isEqualTo(200);
        assertThat(script.text()).contains("/api/public/case-status");
    }
}
