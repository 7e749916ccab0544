package tw.kuayu.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseDriver;

/**
 * Two caseworkers of one agency (or one caseworker's double click) claiming or completing the same
 * task at the same instant: one wins, the others get 409 or 404 problems, never a 500; the task is
 * completed once. Found by the load test (docs/benchmarks.md, "Load").
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class ConcurrentTaskActionsTest {

    static final int CLICKS = 12;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    final ExecutorService clients = Executors.newFixedThreadPool(CLICKS);

    @AfterEach
    void stop() {
        clients.shutdownNow();
    }

    String reviewTask(CaseDriver cases) {
        String id = cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明", Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
        return cases.waitForTask(id, "review", "tax.clerk").path("id").asText();
    }

    List<Answer> atOnce(List<Callable<Answer>> requests) throws Exception {
        List<Future<Answer>> futures = clients.invokeAll(requests);
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> f : futures) {
            answers.add(f.get());
        }
        return answers;
    }

    @Test
    void simultaneousClaimsGiveOneAssigneeAndConflictsForTheOthers() throws Exception {
        CaseDriver cases = new CaseDriver(port);
        for (int round = 0; round < 3; round++) {
            String task = reviewTask(cases);
            List<Callable<Answer>> claims = new ArrayList<>();
            for (int i = 0; i < CLICKS; i++) {
                String user = i % 2 == 0 ? "tax.clerk" : "tax.chief";
                claims.add(() -> cases.api.send("POST", "/api/tasks/" + task + "/claim", user, null, null));
            }
            List<Answer> answers = atOnce(claims);
            String assignee = jdbc.queryForObject("SELECT assignee_ FROM act_ru_task WHERE id_ = ?", String.class, task);
            for (int i = 0; i < CLICKS; i++) {
                Answer a = answers.get(i);
                String user = i % 2 == 0 ? "tax.clerk" : "tax.chief";
                assertThat(a.status()).as(user + ": " + a.text()).isEqualTo(user.equals(assignee) ? 204 : 409);
                if (a.status() == 409) {
                    assertThat(a.contentType()).startsWith("application/problem+json");
                }
            }
        }
    }

    @Test
    void simultaneousCompletionsCompleteTheTaskOnce() throws Exception {
        CaseDriver cases = new CaseDriver(port);
        for (int round = 0; round < 3; round++) {
            String task = reviewTask(cases);
            List<Callable<Answer>> completions = new ArrayList<>();
            for (int i = 0; i < CLICKS; i++) {
                completions.add(() -> cases.api.postJson("/api/tasks/" + task + "/complete", "tax.clerk",
                        Map.of("action", "approve", "opinion", "資料相符，擬准")));
            }
            List<Answer> answers = atOnce(completions);
            assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.text()).isIn(204, 404, 409));
            assertThat(answers).filteredOn(a -> a.status() == 204).hasSize(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_opinion WHERE task_id = ?", Long.class, task))
                    .as("one opinion recorded").isEqualTo(1);
        }
    }
}
