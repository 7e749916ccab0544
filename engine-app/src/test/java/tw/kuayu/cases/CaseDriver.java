package tw.kuayu.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import tw.kuayu.cases.ApiClient.Answer;

/** Drives cases through the public API as the demo users: file, wait for a step, act on it. */
public final class CaseDriver {

    public final ApiClient api;

    public CaseDriver(int port) {
        this.api = new ApiClient(port);
    }

    public String file(String user, String caseType, String nationalId, String name, Map<String, Object> data) {
        Answer answer = api.postJson("/api/cases", user, Map.of("caseType", caseType,
                "applicant", Map.of("nationalId", nationalId, "name", name), "data", data));
        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        return answer.json().path("id").asText();
    }

    public JsonNode caseView(String id, String user) {
        Answer answer = api.get("/api/cases/" + id, user);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    /** Waits until the user sees an open task of the case at the given step (jobs run on the job executor). */
    public JsonNode waitForTask(String caseId, String step, String user) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode task : api.get("/api/tasks?size=200", user).json().path("items")) {
                if (task.path("caseId").asText().equals(caseId) && task.path("step").asText().equals(step)) {
                    return task;
                }
            }
            return null;
        }, t -> t != null);
    }

    public void act(String caseId, String step, String user, String action, String opinion) {
        act(caseId, step, user, action, opinion, Map.of());
    }

    public void act(String caseId, String step, String user, String action, String opinion, Map<String, Object> data) {
        JsonNode task = waitForTask(caseId, step, user);
        Map<String, Object> body = new HashMap<>();
        body.put("action", action);
        body.put("opinion", opinion);
        if (!data.isEmpty()) {
            body.put("data", data);
        }
        Answer answer = api.postJson("/api/tasks/" + task.path("id").asText() + "/complete", user, body);
        assertThat(answer.status()).as(step + " by " + user + ": " + answer.text()).isEqualTo(204);
    }

    /** Waits until the case is closed (status other than in-progress) and returns its view. */
    public JsonNode waitUntilClosed(String caseId, String user) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> caseView(caseId, user), c -> !c.path("status").asText().equals(CaseStatus.IN_PROGRESS));
    }
}
