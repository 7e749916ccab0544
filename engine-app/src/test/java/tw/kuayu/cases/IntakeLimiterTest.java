package tw.kuayu.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient.Answer;

/**
 * Back-pressure on intake: with every slot taken an application is refused with 503, Retry-After
 * and a zh-TW problem, and nothing is stored; sent again with the same Idempotency-Key once a slot
 * is free it is filed once. Many concurrent requests over a small limit get 201 or 503, never 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"kuayu.api.intake.max-concurrent=2", "kuayu.api.intake.max-wait=0s", "kuayu.api.retry-after=3s"})
@ActiveProfiles({"demo", "test"})
class IntakeLimiterTest {

    static final Map<String, Object> LAND_TAX = IntakeValidationTest.landTax("A123456789");

    @LocalServerPort
    int port;
    @Autowired
    IntakeLimiter limiter;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RuntimeService runtime;
    @Autowired
    MeterRegistry meters;

    long cases() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_case", Long.class);
    }

    @Test
    void aFullIntakeAnswers503WithRetryAfterAndStoresNothing() {
        ApiClient api = new ApiClient(port);
        long casesBefore = cases();
        long processesBefore = runtime.createProcessInstanceQuery().count();
        double refusedBefore = meters.counter("kuayu.intake.refused").count();

        int taken = limiter.occupyAll();
        Answer refused;
        try {
            assertThat(taken).isEqualTo(2);
            refused = api.postJson("/api/cases", "tax.clerk", LAND_TAX, "Idempotency-Key", "busy-1");
        } finally {
            limiter.free(taken);
        }
        assertThat(refused.status()).as(refused.text()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode problem = refused.json();
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("title").asText()).isEqualTo("收件繁忙");
        assertThat(problem.path("detail").asText()).contains("尚未受理").contains("3 秒後");
        assertThat(cases()).isEqualTo(casesBefore);
        assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(processesBefore);
        assertThat(meters.counter("kuayu.intake.refused").count()).isEqualTo(refusedBefore + 1);

        Answer filed = api.postJson("/api/cases", "tax.clerk", LAND_TAX, "Idempotency-Key", "busy-1");
        assertThat(filed.status()).as(filed.text()).isEqualTo(201);
        Answer again = api.postJson("/api/cases", "tax.clerk", LAND_TAX, "Idempotency-Key", "busy-1");
        assertThat(again.json().path("id").asText()).isEqualTo(filed.json().path("id").asText());
        assertThat(cases()).isEqualTo(casesBefore + 1);
        assertThat(limiter.available()).isEqualTo(2);
    }

    @Test
    void otherRequestsAreNotLimited() {
        ApiClient api = new ApiClient(port);
        int taken = limiter.occupyAll();
        try {
            assertThat(api.get("/api/tasks", "tax.clerk").status()).isEqualTo(200);
            assertThat(api.get("/api/case-types", "tax.clerk").status()).isEqualTo(200);
        } finally {
            limiter.free(taken);
        }
    }

    @Test
    void concurrentApplicationsOverTheLimitGet201Or503NeverAServerError() throws Exception {
        ApiClient api = new ApiClient(port);
        long casesBefore = cases();
        ExecutorService clients = Executors.newFixedThreadPool(24);
        List<Future<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            String key = "burst-" + i;
            answers.add(clients.submit(() -> api.postJson("/api/cases", "tax.clerk", LAND_TAX, "Idempotency-Key", key)));
        }
        int created = 0;
        for (Future<Answer> f : answers) {
            Answer a = f.get();
            assertThat(a.status()).as(a.text()).isIn(201, 503);
            if (a.status() == 503) {
                assertThat(a.headers().firstValue("Retry-After")).hasValue("3");
            } else {
                created++;
            }
        }
        clients.shutdown();
        assertThat(created).isPositive();
        assertThat(cases()).as("a case for every 201 and none for a 503").isEqualTo(casesBefore + created);
        assertThat(limiter.available()).isEqualTo(2);
    }
}
