package tw.kuayu.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.CaseDriver;

/**
 * History level {@code kuayu} (decision 037): a whole case leaves Camunda's history of its steps and
 * variables, but no per-change variable details and no opinion text, while caseworkers still read
 * every opinion in the case view.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class KuayuHistoryLevelTest {

    private static final String REVIEW_OPINION = "地上無營業使用，核與自用住宅用地規定相符，擬准。";
    private static final String APPROVAL_OPINION = "准予按自用住宅用地稅率課徵。";

    @LocalServerPort
    int port;

    @Autowired
    ProcessEngine engine;

    @Autowired
    HistoryService history;

    @Autowired
    ManagementService management;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aCaseKeepsItsStepsAndVariablesInHistoryButNoDetailsAndNoOpinionText() {
        assertThat(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getHistoryLevel().getName()).isEqualTo("kuayu");
        assertThat(management.getHistoryLevel()).as("full's id, so the database may switch back").isEqualTo(ProcessEngineConfigurationImpl.HISTORYLEVEL_FULL);

        CaseDriver cases = new CaseDriver(port);
        String id = cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明",
                Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
        cases.act(id, "review", "tax.clerk", "approve", REVIEW_OPINION);
        cases.act(id, "approve", "tax.chief", "approve", APPROVAL_OPINION);
        JsonNode closed = cases.waitUntilClosed(id, "tax.clerk");

        HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(closed.path("caseNo").asText()).singleResult();
        assertThat(instance.getEndTime()).isNotNull();
        String pi = instance.getId();
        assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(pi).finished().count()).isEqualTo(2);
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityId("review").count()).isEqualTo(1);
        assertThat(history.createHistoricDecisionInstanceQuery().processInstanceId(pi).count()).as("the eligibility table's evaluation").isPositive();
        assertThat(history.createUserOperationLogQuery().processInstanceId(pi).operationType("Complete").userId("tax.clerk").count())
                .as("who completed each task").isEqualTo(1);
        assertThat(history.createUserOperationLogQuery().processInstanceId(pi).operationType("Complete").userId("tax.chief").count())
                .isEqualTo(1);
        List<String> names = new ArrayList<>();
        for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery().processInstanceId(pi).list()) {
            names.add(v.getName());
        }
        assertThat(names).contains("caseId", "ownerAgency", "approverGroup", "action", "eligible").doesNotContain("opinion");
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(pi).variableName("action").singleResult().getValue())
                .as("the last value of each variable is kept").isEqualTo("approve");

        assertThat(history.createHistoricDetailQuery().processInstanceId(pi).count()).isZero();
        for (String table : List.of("ACT_HI_VARINST", "ACT_HI_DETAIL")) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE TEXT_ LIKE ? OR TEXT_ LIKE ?", Integer.class,
                    "%自用住宅用地規定相符%", "%按自用住宅用地稅率%")).as(table).isZero();
        }

        assertThat(cases.caseView(id, "tax.clerk").path("opinions").findValuesAsText("opinion"))
                .containsExactly(REVIEW_OPINION, APPROVAL_OPINION);
    }

    @Test
    void aDatabaseStartedAtLevelKuayuStartsAgainAtFullAndBack() {
        String url = "jdbc:h2:mem:history-level-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        for (String level : List.of("kuayu", "full", "kuayu")) {
            StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
            configuration.setJdbcUrl(url);
            configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE); // keep the schema and its stored level
            configuration.setHistory(level);
            configuration.setJobExecutorActivate(false);
            configuration.setProcessEngineName("history-level-" + level + "-" + System.nanoTime());
            configuration.getProcessEnginePlugins().add(new KuayuHistoryLevel());
            ProcessEngine started = configuration.buildProcessEngine();
            try {
                assertThat(configuration.getHistoryLevel().getName()).isEqualTo(level);
            } finally {
                started.close();
            }
        }
    }
}
