package tw.kuayu.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.CaseDriver;

/**
 * A case type's history-time-to-live reaches its process definitions, and Camunda's history cleanup
 * removes a finished case's engine history while Kuayu's case and decision rows stay.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "kuayu.case-types.land-value-tax-self-use.history-time-to-live=0")
@ActiveProfiles({"demo", "test"})
class HistoryCleanupTest {

    @LocalServerPort
    int port;

    @Autowired
    HistoryService history;

    @Autowired
    ManagementService management;

    @Autowired
    RepositoryService repository;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theCleanupJobRemovesEngineHistoryButKeepsTheCaseAndItsDecision() {
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("land-value-tax-self-use").latestVersion()
                .singleResult().getHistoryTimeToLive()).isZero();
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("public-housing-low-income").latestVersion()
                .singleResult().getHistoryTimeToLive()).as("from kuayu-case-types.yaml").isEqualTo(730);

        CaseDriver cases = new CaseDriver(port);
        String id = cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明",
                Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
        cases.act(id, "review", "tax.clerk", "approve", "資料相符，擬准");
        cases.act(id, "approve", "tax.chief", "approve", "准");
        String caseNo = cases.waitUntilClosed(id, "tax.clerk").path("caseNo").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> finishedInstances(caseNo) == 1);

        Job cleanup = history.cleanUpHistoryAsync(true);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            runIfStillThere(cleanup.getId());
            return finishedInstances(caseNo) == 0;
        });

        assertThat(history.createHistoricTaskInstanceQuery().processInstanceBusinessKey(caseNo).count()).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_case WHERE id = ?", Integer.class, id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_decision WHERE case_id = ?", Integer.class, id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_data_access_log WHERE case_id = ?", Integer.class, id))
                .as("the audit of personal-data lookups is kept").isPositive();
        assertThat(cases.api.get("/api/cases/" + id + "/decision.pdf", "tax.clerk").status()).isEqualTo(200);
    }

    private long finishedInstances(String caseNo) {
        return history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(caseNo).finished().count();
    }

    /** The job executor may already be running the cleanup job; running it here as well just speeds the test up. */
    private void runIfStillThere(String jobId) {
        try {
            management.executeJob(jobId);
        } catch (RuntimeException lockedOrDoneByTheJobExecutor) {
            // the job executor has it
        }
    }
}
