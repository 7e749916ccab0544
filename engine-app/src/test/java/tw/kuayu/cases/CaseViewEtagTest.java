package tw.kuayu.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * GET /api/cases/{id} carries a strong ETag; If-None-Match with it answers 304 until anything the view shows
 * changes (a claim, an incident, a completion, an opinion), and the tag is the reader's own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class CaseViewEtagTest {

    static final Map<String, Object> PARCEL = Map.of("parcelNo", "大安區龍泉段二小段0123-0000");

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtime;
    @Autowired
    CaseMapper caseRows;

    CaseDriver cases;

    @BeforeEach
    void driver() {
        cases = new CaseDriver(port);
    }

    @Test
    void anUnchangedCaseAnswers304AndEveryChangeANewView() {
        String id = cases.file("tax.clerk", CaseViewReadModelTest.LAND_TAX, "A123456789", "王小明", PARCEL);
        cases.waitForTask(id, "review", "tax.clerk");
        ApiClient.Answer first = get(id, "tax.clerk", null);
        String tag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.status()).isEqualTo(200);
        assertThat(tag).matches("\"[A-Za-z0-9_-]{24}\"");

        ApiClient.Answer unchanged = get(id, "tax.clerk", tag);
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(unchanged.headers().firstValue("ETag")).contains(tag);
        assertThat(get(id, "tax.clerk", "\"other\", " + tag).status()).as("one of a list").isEqualTo(304);
        ApiClient.Answer again = get(id, "tax.clerk", "\"other\"");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).as("an equal tag is the same view").isEqualTo(first.json());

        assertThat(get(id, "tax.chief", tag).status()).as("another reader's view may differ").isEqualTo(200);

        assertThat(cases.api.postJson("/api/tasks/" + cases.waitForTask(id, "review", "tax.clerk").path("id").asText() + "/claim",
                "tax.clerk", Map.of()).status()).isEqualTo(204);
        tag = changed(id, tag);

        String instance = caseRows.findById(id).processInstanceId();
        String execution = runtime.createExecutionQuery().processInstanceId(instance).activityId("review").list().get(0).getId();
        runtime.createIncident("kuayu-test", execution, null, "地政資料來源暫停服務。");
        tag = changed(id, tag);

        cases.act(id, "review", "tax.clerk", "approve", "符合自用住宅用地要件。");
        changed(id, tag);
    }

    @Test
    void aCaseTheReaderMayNotSeeIsNotFoundWhateverTheTag() {
        String id = cases.file("tax.clerk", CaseViewReadModelTest.LAND_TAX, "A123456789", "王小明", PARCEL);
        String tag = get(id, "tax.clerk", null).headers().firstValue("ETag").orElseThrow();
        assertThat(get(id, "udd.clerk", tag).status()).isEqualTo(404);
        assertThat(get(id, "udd.clerk", "*").status()).isEqualTo(404);
        assertThat(get("no-such-case", "tax.clerk", "*").status()).isEqualTo(404);
    }

    private String changed(String id, String tag) {
        ApiClient.Answer moved = get(id, "tax.clerk", tag);
        assertThat(moved.status()).isEqualTo(200);
        String now = moved.headers().firstValue("ETag").orElseThrow();
        assertThat(now).isNotEqualTo(tag);
        assertThat(moved.json()).isEqualTo(cases.caseView(id, "tax.clerk"));
        return now;
    }

    private ApiClient.Answer get(String id, String user, String ifNoneMatch) {
        return ifNoneMatch == null ? cases.api.get("/api/cases/" + id, user)
                : cases.api.send("GET", "/api/cases/" + id, user, null, null, "If-None-Match", ifNoneMatch);
    }
}
