package tw.kuayu.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Kuayu's two case types end to end through its HTTP API as the demo users: file, wait for each
 * step (evidence and decision run as jobs), act, and wait for the issued, signed decision.
 */
final class KuayuFlows {

    static final String LAND_TAX = "land-value-tax-self-use";
    static final String HOUSING = "public-housing-low-income";
    private static final long POLL_MS = 50;
    private static final long TIMEOUT_MS = 120_000;

    record Step(String step, String agency, String user, String action) {
    }

    static final List<Step> LAND_TAX_STEPS = List.of(
            new Step("review", "tpe-tax", "tax.clerk", "approve"),
            new Step("approve", "tpe-tax", "tax.chief", "approve"));
    static final List<Step> HOUSING_STEPS = List.of(
            new Step("review", "tpe-udd", "udd.clerk", "sendForReview"),
            new Step("jointReview", "tpe-social", "social.reviewer", "concur"),
            new Step("jointReview", "tpe-land", "land.reviewer", "concur"),
            new Step("consolidate", "tpe-udd", "udd.clerk", "approve"),
            new Step("approve", "tpe-udd", "udd.chief", "approve"),
            new Step("coSign", "tpe-social", "social.chief", "sign"));

    static final Map<String, Object> LAND_TAX_DATA = Map.of("parcelNo", "大安區龍泉段二小段0123-0000");
    static final Map<String, Object> HOUSING_DATA = Map.of("housingProject", "興隆公共住宅二區", "unitType", "二房型");

    private final Http http;

    KuayuFlows(int port) {
        this.http = new Http(port);
    }

    String landTax(int n) {
        return run(LAND_TAX, "tax.clerk", LAND_TAX_DATA, LAND_TAX_STEPS);
    }

    String housing(int n) {
        return run(HOUSING, "udd.clerk", HOUSING_DATA, HOUSING_STEPS);
    }

    private String run(String caseType, String clerk, Map<String, Object> data, List<Step> steps) {
        Http.Answer filed = http.post("/api/cases", clerk, Map.of("caseType", caseType,
                "applicant", Map.of("nationalId", "A123456789", "name", "王小明"), "data", data));
        if (filed.status() != 201) {
            throw new IllegalStateException("intake " + filed.status() + ": " + filed.body());
        }
        String id = filed.json().path("id").asText();
        CaseWatch watch = new CaseWatch(id, clerk);
        for (Step step : steps) {
            String taskId = watch.waitFor(view -> taskId(view, step));
            Http.Answer done = http.post("/api/tasks/" + taskId + "/complete", step.user(),
                    Map.of("action", step.action(), "opinion", "無意見。"));
            if (done.status() != 204) {
                throw new IllegalStateException(step + ": " + done.status() + " " + done.body());
            }
        }
        watch.waitFor(view -> "issued".equals(view.path("decision").path("status").asText()) ? "issued" : null);
        return id;
    }

    private static String taskId(JsonNode view, Step step) {
        for (JsonNode t : view.path("tasks")) {
            if (t.path("step").asText().equals(step.step()) && t.path("agency").asText().equals(step.agency())) {
                return t.path("id").asText();
            }
        }
        return null;
    }

    /**
     * The case page of one user as a browser keeps it: the last view and its ETag, revalidated every
     * {@value #POLL_MS} ms with If-None-Match; a 304 means the case has not moved and the held view stands.
     */
    private final class CaseWatch {
        private final String caseId;
        private final String user;
        private String etag;
        private JsonNode view;

        CaseWatch(String caseId, String user) {
            this.caseId = caseId;
            this.user = user;
        }

        String waitFor(java.util.function.Function<JsonNode, String> found) {
            return org.awaitility.Awaitility.await("case " + caseId + " to move on").atMost(Duration.ofMillis(TIMEOUT_MS))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(POLL_MS))
                    .until(() -> found.apply(poll()), java.util.Objects::nonNull);
        }

        private JsonNode poll() {
            Http.Answer answer = http.get("/api/cases/" + caseId, user, etag);
            if (answer.status() == 304 && view != null) {
                return view;
            }
            if (answer.status() != 200) {
                throw new IllegalStateException("case view " + answer.status() + ": " + answer.body());
            }
            etag = answer.etag();
            view = answer.json();
            return view;
        }
    }
}
