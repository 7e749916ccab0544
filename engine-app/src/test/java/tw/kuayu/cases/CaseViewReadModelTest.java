package tw.kuayu.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The case view's eligibility and problems come from Kuayu's read model and one indexed read of the
 * engine's incidents (decision 029): the same answers as the engine's history-variable and incident
 * queries they replace, whoever sets the variables, and the eligibility outlives the engine's history.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class CaseViewReadModelTest {

    static final String LAND_TAX = "land-value-tax-self-use";
    static final Map<String, Object> PARCEL = Map.of("parcelNo", "大安區龍泉段二小段0123-0000");

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    CaseMapper caseRows;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    CaseDriver cases;

    @BeforeEach
    void driver() {
        cases = new CaseDriver(port);
    }

    @Test
    void eligibilityIsWhatTheEnginesHistorySaysWhoeverSetsIt() {
        String id = cases.file("tax.clerk", LAND_TAX, "A123456789", "王小明", PARCEL);
        cases.waitForTask(id, "review", "tax.clerk");
        String instance = caseRows.findById(id).processInstanceId();
        JsonNode eligibility = cases.caseView(id, "tax.clerk").path("eligibility");
        assertThat(eligibility.path("eligible").asBoolean()).isTrue();
        assertThat(eligibility.path("reason").asText()).isEqualTo(historic(instance, "eligibilityReason")).isNotBlank();

        // as Cockpit or the engine REST API would
        runtime.setVariable(instance, "eligible", false);
        runtime.setVariable(instance, "eligibilityReason", "人工更正：地址不符。");
        eligibility = cases.caseView(id, "tax.clerk").path("eligibility");
        assertThat(eligibility.path("eligible").asBoolean()).isFalse();
        assertThat(eligibility.path("reason").asText()).isEqualTo("人工更正：地址不符。").isEqualTo(historic(instance, "eligibilityReason"));

        runtime.removeVariable(instance, "eligibilityReason");
        eligibility = cases.caseView(id, "tax.clerk").path("eligibility");
        assertThat(eligibility.path("eligible").asBoolean()).isFalse();
        assertThat(eligibility.path("reason").isNull()).as(eligibility.toString()).isTrue();
    }

    @Test
    void eligibilityOutlivesTheEnginesHistoryCleanup() {
        String id = cases.file("tax.clerk", LAND_TAX, "A123456789", "王小明", PARCEL);
        cases.act(id, "review", "tax.clerk", "approve", "符合自用住宅用地要件。");
        cases.act(id, "approve", "tax.chief", "approve", "准予核定。");
        JsonNode closed = cases.waitUntilClosed(id, "tax.clerk");
        String instance = caseRows.findById(id).processInstanceId();
        history.deleteHistoricProcessInstance(instance);
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(instance).count()).isZero();
        assertThat(cases.caseView(id, "tax.clerk").path("eligibility")).isEqualTo(closed.path("eligibility"));
        assertThat(closed.path("eligibility").path("eligible").asBoolean()).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theChangelogCopiesTheEligibilityOfCasesFiledBeforeIt() throws Exception {
        String id = cases.file("tax.clerk", LAND_TAX, "A123456789", "王小明", PARCEL);
        cases.waitForTask(id, "review", "tax.clerk");
        String instance = caseRows.findById(id).processInstanceId();
        JsonNode before = cases.caseView(id, "tax.clerk").path("eligibility");
        String backfill;
        try (var in = getClass().getResourceAsStream("/db/changelog/021-case-eligibility.yaml")) {
            Map<String, Object> changelog = new org.yaml.snakeyaml.Yaml().load(in);
            backfill = ((List<Map<String, Map<String, Object>>>) changelog.get("databaseChangeLog")).stream()
                    .map(c -> c.get("changeSet")).filter(c -> "021-case-eligibility-backfill".equals(c.get("id")))
                    .map(c -> ((List<Map<String, Map<String, String>>>) c.get("changes")).get(0).get("sql").get("sql"))
                    .findFirst().orElseThrow();
        }
        jdbc.update("DELETE FROM kuayu_case_eligibility WHERE process_instance_id = ?", instance);
        assertThat(cases.caseView(id, "tax.clerk").path("eligibility").isNull()).as("a case filed before the read model").isTrue();
        // the changelog's copy, limited to this case so that the other tests' rows are not inserted twice
        jdbc.update(backfill.replace("GROUP BY", "AND v.PROC_INST_ID_ = '" + instance + "' GROUP BY"));
        assertThat(cases.caseView(id, "tax.clerk").path("eligibility")).isEqualTo(before);
        assertThat(before.path("eligible").asBoolean()).isTrue();
    }

    @Test
    void problemsAreTheEnginesOpenIncidents() {
        String id = cases.file("tax.clerk", LAND_TAX, "A123456789", "王小明", PARCEL);
        cases.waitForTask(id, "review", "tax.clerk");
        String instance = caseRows.findById(id).processInstanceId();
        assertThat(cases.caseView(id, "tax.clerk").path("problems")).isEmpty();

        String execution = runtime.createExecutionQuery().processInstanceId(instance).activityId("review").list().get(0).getId();
        runtime.createIncident("kuayu-test", execution, null, "地政資料來源暫停服務。");
        JsonNode problems = cases.caseView(id, "tax.clerk").path("problems");
        List<Incident> engine = runtime.createIncidentQuery().processInstanceId(instance).list();
        assertThat(problems).hasSize(engine.size()).hasSize(1);
        assertThat(problems.get(0).path("step").asText()).isEqualTo(engine.get(0).getActivityId()).isEqualTo("review");
        assertThat(problems.get(0).path("message").asText()).isEqualTo(engine.get(0).getIncidentMessage());
        assertThat(java.time.Instant.parse(problems.get(0).path("since").asText()))
                .isEqualTo(engine.get(0).getIncidentTimestamp().toInstant());

    }

    private String historic(String instance, String name) {
        HistoricVariableInstance v = history.createHistoricVariableInstanceQuery().processInstanceId(instance).variableName(name)
                .singleResult();
        return v == null ? null : (String) v.getValue();
    }
}
