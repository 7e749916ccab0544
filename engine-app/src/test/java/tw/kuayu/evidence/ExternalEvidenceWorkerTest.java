package tw.kuayu.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.CaseDriver;
import tw.kuayu.connectors.standin.AgencyStandIn;
import tw.kuayu.connectors.standin.Fault;

/**
 * Evidence fetched by a separate worker process: engine-app runs with external workers switched on,
 * the test starts {@code EvidenceWorker} as its own JVM (the test's classpath), which talks to the
 * engine REST API and Kuayu's worker API with the demo worker account. Cases complete with exactly
 * one evidence record per source, also after the worker's lookups failed while a source was down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "kuayu.connectors.external-workers.enabled=true")
@ActiveProfiles({"demo", "test"})
class ExternalEvidenceWorkerTest {

    @LocalServerPort
    int port;
    @Autowired
    AgencyStandIn standIn;
    @Autowired
    HistoryService history;
    @Autowired
    RuntimeService runtime;

    CaseDriver cases;
    Process worker;
    Path workerLog;

    @BeforeEach
    void startWorker() throws Exception {
        cases = new CaseDriver(port);
        workerLog = Files.createTempFile("evidence-worker", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), "tw.kuayu.connectors.worker.EvidenceWorker",
                "--kuayu-url=http://localhost:" + port, "--user=evidence.worker", "--all-sources=" + standIn.baseUrl(),
                "--retry-seconds=1", "--retries=3", "--lock-seconds=30", "--worker-id=test-worker",
                // Camunda's REST long polling runs on one handler per JVM that the first web context
                // to close shuts down; later test contexts in this JVM would never answer a long poll
                "--long-poll-seconds=0")
                .redirectErrorStream(true).redirectOutput(workerLog.toFile());
        builder.environment().put("KUAYU_WORKER_PASSWORD", "demo");
        worker = builder.start();
    }

    @AfterEach
    void stopWorker() throws Exception {
        standIn.faults().clearAll();
        worker.destroy();
        if (!worker.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            worker.destroyForcibly().waitFor();
            throw new AssertionError("the worker did not stop within 20 s of SIGTERM");
        }
        Files.deleteIfExists(workerLog);
    }

    String file(String nationalId, String name) {
        return cases.file("tax.clerk", "land-value-tax-self-use", nationalId, name, Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
    }

    void assertOneRecordPerSource(String id) {
        cases.waitForTask(id, "review", "tax.clerk");
        JsonNode view = cases.caseView(id, "tax.clerk");
        assertThat(view.path("evidence")).extracting(e -> e.path("source").asText()).containsExactlyInAnyOrder("household", "land");
        assertThat(view.path("problems")).isEmpty();
    }

    @Test
    void aSeparateWorkerProcessFetchesTheEvidenceOfEveryCase() throws Exception {
        List<String> ids = List.of(file("A123456789", "王小明"), file("B234567890", "林美惠"));
        for (String id : ids) {
            assertOneRecordPerSource(id);
            JsonNode audit = cases.api.get("/api/audit/data-access?caseId=" + id, "auditor").json();
            assertThat(audit).extracting(e -> e.path("outcome").asText()).containsOnly("found");
            assertThat(audit).hasSize(2).allSatisfy(e -> assertThat(e.path("purpose").asText()).isNotBlank());
        }
        assertThat(history.createHistoricExternalTaskLogQuery().successLog().count()).as("done as external tasks").isGreaterThanOrEqualTo(2);
        assertThat(worker.isAlive()).isTrue();
        // the worker API is for worker accounts only; nothing is left to fetch
        assertThat(cases.api.get("/api/evidence-worker/cases/" + ids.get(0) + "/lookups", "tax.clerk").status()).isEqualTo(403);
        assertThat(cases.api.get("/api/evidence-worker/cases/" + ids.get(0) + "/lookups", "evidence.worker").json()).isEmpty();
        String log = Files.readString(workerLog);
        assertThat(log).contains("handed in").doesNotContain("A123456789").doesNotContain("B234567890");
    }

    @Test
    void whileASourceIsDownTheTaskRunsOutOfRetriesAndResumesByItselfWhenTheSourceIsBack() {
        standIn.faults().set("land", Fault.down());
        String id = file("A123456789", "王小明");
        Incident incident = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(() -> runtime.createIncidentQuery().incidentType(Incident.EXTERNAL_TASK_HANDLER_TYPE).list().stream()
                        .findFirst().orElse(null), i -> i != null);
        assertThat(incident.getIncidentMessage()).contains("地政");
        JsonNode waiting = cases.caseView(id, "tax.clerk");
        assertThat(waiting.path("tasks")).isEmpty();

        // no operator: the resumer (every second in the test profile) probes land and gives the task its retries back
        standIn.faults().clear("land");
        assertOneRecordPerSource(id);
        JsonNode audit = cases.api.get("/api/audit/data-access?caseId=" + id, "auditor").json();
        assertThat(audit).filteredOn(e -> e.path("source").asText().equals("household")).hasSize(1);
        assertThat(audit).filteredOn(e -> e.path("source").asText().equals("land"))
                .extracting(e -> e.path("outcome").asText()).contains("failed").endsWith("found");
    }
}
