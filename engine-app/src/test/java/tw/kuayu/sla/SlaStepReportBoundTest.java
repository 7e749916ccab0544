package tw.kuayu.sla;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.tasks.TaskMapper;

/**
 * A range with more completed tasks than the step report reads (a city's all-history view) is
 * reported over the most recently completed ones and says so, instead of failing the dashboard.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "kuayu.sla.step-report-max-tasks=3")
@ActiveProfiles({"demo", "test"})
class SlaStepReportBoundTest {

    @LocalServerPort
    int port;
    @Autowired
    CaseMapper cases;
    @Autowired
    TaskMapper tasks;
    @Autowired
    SlaRollup rollup;

    @Test
    void aRangeBeyondTheBoundIsReportedOverItsNewestTasksAndSaysSo() {
        new SlaSeed(cases, tasks, rollup).write();
        Answer answer = new ApiClient(port).get("/api/sla/steps?" + SlaApiTest.MARCH, "manager");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonNode report = answer.json();
        assertThat(report.path("sampled").asBoolean()).isTrue();
        assertThat(report.path("tasksRead").asInt()).isEqualTo(3);
        long completed = 0;
        for (JsonNode step : report.path("steps")) {
            completed += step.path("completed").asLong();
        }
        assertThat(completed).as("the newest three completed tasks of March").isEqualTo(3);
    }
}
