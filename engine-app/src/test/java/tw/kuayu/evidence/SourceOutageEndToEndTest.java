package tw.kuayu.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.connectors.ConnectorException;
import tw.kuayu.connectors.ConnectorRegistry;
import tw.kuayu.connectors.standin.AgencyStandIn;
import tw.kuayu.connectors.standin.Fault;

/**
 * An agency outage end to end: with the stand-in's household source down, land-value-tax cases
 * wait with an incident naming the source; when it is back they resume by themselves (the
 * resumer runs every second in the test profile) with one evidence record per source, and every
 * lookup, failed ones included, is in the audit log. Also: a refused lookup fails at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class SourceOutageEndToEndTest {

    @LocalServerPort
    int port;
    @Autowired
    AgencyStandIn standIn;
    @Autowired
    ConnectorRegistry connectors;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;
    @Autowired
    RepositoryService repository;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @AfterEach
    void heal() {
        standIn.faults().clearAll();
        connectors.sources().forEach(s -> connectors.circuitBreaker(s).ifPresent(b -> b.transitionToClosedState()));
    }

    JsonNode file(String nationalId, String name) {
        Answer filed = api.postJson("/api/cases", "tax.clerk", Map.of("caseType", "land-value-tax-self-use",
                "applicant", Map.of("nationalId", nationalId, "name", name), "data", Map.of("parcelNo", "大安區龍泉段二小段0123-0000")));
        assertThat(filed.status()).as(filed.text()).isEqualTo(201);
        return filed.json();
    }

    JsonNode caseView(String id) {
        return api.get("/api/cases/" + id, "tax.clerk").json();
    }

    /**
     * Waits for the job executor's first failed attempt, then runs the remaining attempts at once
     * instead of waiting out the model's retry cycle (R5/PT1M). Returns the number of attempts.
     */
    int failUntilIncident(String caseNo) {
        String instance = await().atMost(Duration.ofSeconds(10)).until(() -> runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(caseNo).singleResult(), p -> p != null).getId();
        Job job = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> management.createJobQuery().processInstanceId(instance).singleResult(),
                        j -> j != null && j.getExceptionMessage() != null);
        int attempts = 1;
        while (job.getRetries() > 0) {
            try {
                management.executeJob(job.getId());
            } catch (RuntimeException expected) {
                // the source is still down
            }
            attempts++;
            job = management.createJobQuery().jobId(job.getId()).singleResult();
        }
        return attempts;
    }

    @Test
    void casesWaitWhileTheHouseholdSourceIsDownAndResumeByThemselvesWhenItIsBack(CapturedOutput output) {
        standIn.faults().set("household", Fault.down());
        List<JsonNode> cases = List.of(file("A123456789", "王小明"), file("B234567890", "林美惠"));
        List<Integer> attempts = new ArrayList<>();
        for (JsonNode c : cases) {
            attempts.add(failUntilIncident(c.path("caseNo").asText()));
        }

        for (JsonNode c : cases) {
            JsonNode view = caseView(c.path("id").asText());
            assertThat(view.path("problems")).hasSize(1);
            assertThat(view.path("problems").get(0).path("message").asText()).contains("戶役政資料來源");
            assertThat(view.path("tasks")).isEmpty();
            String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(c.path("caseNo").asText()).singleResult().getId();
            Incident incident = runtime.createIncidentQuery().processInstanceId(instance).singleResult();
            assertThat(incident.getIncidentMessage()).as("Cockpit shows which source").contains("戶役政");
        }
        // the resumer probes while the source is down but does not resume anything
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> runtime.createIncidentQuery().incidentType(Incident.FAILED_JOB_HANDLER_TYPE).count() >= 2);

        standIn.faults().clear("household");

        for (int i = 0; i < cases.size(); i++) {
            String id = cases.get(i).path("id").asText();
            JsonNode view = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .until(() -> caseView(id), v -> v.path("tasks").size() > 0);
            assertThat(view.path("problems")).isEmpty();
            assertThat(view.path("evidence")).extracting(e -> e.path("source").asText()).containsExactlyInAnyOrder("household", "land");

            JsonNode audit = api.get("/api/audit/data-access?caseId=" + id, "auditor").json();
            List<String> household = new ArrayList<>();
            audit.forEach(e -> {
                assertThat(e.path("purpose").asText()).isNotBlank();
                if (e.path("source").asText().equals("household")) {
                    household.add(e.path("outcome").asText());
                }
            });
            assertThat(household).as("every attempt is logged").hasSize(attempts.get(i) + 1)
                    .endsWith("found").filteredOn("failed"::equals).hasSize(attempts.get(i));
            assertThat(audit).filteredOn(e -> e.path("source").asText().equals("land")).hasSize(1);
        }
        assertThat(api.get("/api/audit/data-access/verify", "auditor").json().path("valid").asBoolean()).isTrue();
        assertThat(output.getAll()).doesNotContain("A123456789").doesNotContain("B234567890");
    }

    /** Stands for a lookup the source refuses (a field beyond the legal basis). */
    public static class RefusedLookup implements JavaDelegate {
        @Override
        public void execute(DelegateExecution execution) {
            throw new ConnectorException("household", ConnectorException.Kind.REFUSED,
                    "戶役政資料來源的「household-registration」不提供欄位「income」，請確認案件類型設定");
        }
    }

    /** Stands for a lookup the source cannot answer now. */
    public static class UnavailableLookup implements JavaDelegate {
        @Override
        public void execute(DelegateExecution execution) {
            throw new ConnectorException("household", ConnectorException.Kind.UNAVAILABLE, "戶役政資料來源暫時無法連線（HTTP 503），系統將自動重試");
        }
    }

    static BpmnModelInstance lookupModel(String key, Class<? extends JavaDelegate> delegate) {
        return Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1)
                .startEvent().serviceTask("lookup").camundaAsyncBefore().camundaClass(delegate.getName())
                .camundaFailedJobRetryTimeCycle("R5/PT1M").endEvent().done();
    }

    @Test
    void aRefusedLookupRaisesTheIncidentAtOnceWhileAnUnavailableSourceKeepsItsRetries() {
        String deployment = repository.createDeployment().name("refusal-test")
                .addModelInstance("refused-lookup.bpmn", lookupModel("refused-lookup", RefusedLookup.class))
                .addModelInstance("unavailable-lookup.bpmn", lookupModel("unavailable-lookup", UnavailableLookup.class))
                .deploy().getId();
        try {
            String refused = runtime.startProcessInstanceByKey("refused-lookup").getId();
            String unavailable = runtime.startProcessInstanceByKey("unavailable-lookup").getId();

            Incident incident = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> runtime.createIncidentQuery().processInstanceId(refused).singleResult(), i -> i != null);
            assertThat(incident.getIncidentMessage()).isEqualTo("戶役政資料來源的「household-registration」不提供欄位「income」，請確認案件類型設定");
            assertThat(management.createJobQuery().processInstanceId(refused).singleResult().getRetries()).isZero();

            Job retrying = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> management.createJobQuery().processInstanceId(unavailable).singleResult(), j -> j.getExceptionMessage() != null);
            assertThat(retrying.getRetries()).as("R5: five tries, one used").isEqualTo(4);
            assertThat(runtime.createIncidentQuery().processInstanceId(unavailable).count()).isZero();
        } finally {
            repository.deleteDeployment(deployment, true);
        }
    }
}
