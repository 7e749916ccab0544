package tw.kuayu.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.CaseDriver;

/**
 * Decision 040: a running case keeps no opinion text in the engine's tables once its step is completed,
 * whichever way (Kuayu's API, a Tasklist form, the engine's API in one call or two), while the case view
 * shows every opinion and a rejection still states the deciding step's opinion, read from Kuayu's sealed record.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class TransientOpinionsTest {

    private static final Map<String, Object> PARCEL = Map.of("parcelNo", "大安區龍泉段二小段0123-0000");

    @LocalServerPort
    int port;

    @Autowired
    RuntimeService runtime;

    @Autowired
    TaskService tasks;

    @Autowired
    IdentityService identity;

    @Autowired
    FormService forms;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anOpinionGivenThroughTheApiIsSealedInKuayuAndNotKeptByTheEngine() {
        CaseDriver cases = new CaseDriver(port);
        String id = cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明", PARCEL);
        cases.act(id, "review", "tax.clerk", "reject", "申請人於該地辦理營業登記，核與自用住宅用地規定不符，擬駁回。");
        cases.waitForTask(id, "approve", "tax.chief");

        String pi = processInstance(id);
        assertThat(runtime.getVariable(pi, "action")).as("the routing variables stay").isEqualTo("reject");
        assertThat(opinionRows(pi)).as("while the case waits for its approver").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_VARIABLE WHERE PROC_INST_ID_ = ? AND TEXT_ LIKE ?", Integer.class, pi,
                "%營業登記%")).isZero();

        cases.act(id, "approve", "tax.chief", "reject", "該地供營業使用，不符土地稅法第9條，駁回。");
        cases.waitUntilClosed(id, "tax.clerk");
        JsonNode closed = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> cases.caseView(id, "tax.clerk"), view -> !view.path("decision").isNull());
        assertThat(closed.path("status").asText()).isEqualTo("rejected");
        assertThat(closed.path("decision").path("outcome").asText()).isEqualTo("rejected");
        assertThat(closed.path("decision").path("reason").asText()).as("the deciding step's opinion, from kuayu_opinion")
                .isEqualTo("該地供營業使用，不符土地稅法第9條，駁回。");
        assertThat(closed.path("opinions").findValuesAsText("opinion")).containsExactly(
                "申請人於該地辦理營業登記，核與自用住宅用地規定不符，擬駁回。", "該地供營業使用，不符土地稅法第9條，駁回。");
    }

    @Test
    void anOpinionSubmittedInATasklistFormIsNotKeptInTheRuntimeOrTheHistory() {
        CaseDriver cases = new CaseDriver(port);
        String id = fileAndWaitForReview(cases);
        String pi = processInstance(id);
        Task review = reviewTask(pi);

        asTaxClerk(() -> forms.submitTaskForm(review.getId(), Map.of("action", "approve", "opinion", "於 Tasklist 審查：地籍與戶籍資料相符，擬准。")));
        cases.waitForTask(id, "approve", "tax.chief");

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_DETAIL WHERE TEXT_ LIKE ?", Integer.class, "%地籍與戶籍資料相符%"))
                .as("no form-field detail rows at level kuayu").isZero();
        assertKeptOnlyByKuayu(cases, id, pi, "於 Tasklist 審查：地籍與戶籍資料相符，擬准。");
    }

    @Test
    void anOpinionSetOnTheOpenTaskInOneCallIsRecordedWhenTheTaskIsCompletedInAnother() {
        CaseDriver cases = new CaseDriver(port);
        String id = fileAndWaitForReview(cases);
        String pi = processInstance(id);
        Task review = reviewTask(pi);

        // as PUT /engine-rest/task/{id}/variables/opinion, then POST /engine-rest/task/{id}/complete
        asTaxClerk(() -> tasks.setVariable(review.getId(), "opinion", "經 REST 分兩次送出：資料相符，擬准。"));
        assertThat(opinionRows(pi)).as("until its task is completed").isEqualTo(1);
        asTaxClerk(() -> tasks.complete(review.getId(), Map.of("action", "approve")));
        cases.waitForTask(id, "approve", "tax.chief");

        assertKeptOnlyByKuayu(cases, id, pi, "經 REST 分兩次送出：資料相符，擬准。");
    }

    @Test
    void anOpinionStoredBeforeThisChangeGoesWhenItsTaskIsCompleted() {
        CaseDriver cases = new CaseDriver(port);
        String id = fileAndWaitForReview(cases);
        String pi = processInstance(id);
        // what an installation upgraded from an earlier Kuayu has: the opinion as an ordinary process variable
        jdbc.update("INSERT INTO ACT_RU_VARIABLE (ID_, REV_, TYPE_, NAME_, EXECUTION_ID_, PROC_INST_ID_, PROC_DEF_ID_, VAR_SCOPE_, TEXT_,"
                + " SEQUENCE_COUNTER_, IS_CONCURRENT_LOCAL_) SELECT 'legacy-' || ID_, 1, 'string', 'opinion', EXECUTION_ID_, PROC_INST_ID_,"
                + " PROC_DEF_ID_, VAR_SCOPE_, '舊版留存的意見', 1, IS_CONCURRENT_LOCAL_ FROM ACT_RU_VARIABLE WHERE PROC_INST_ID_ = ?"
                + " AND NAME_ = 'caseId'", pi);
        assertThat(opinionRows(pi)).isEqualTo(1);
        assertThat(runtime.getVariable(pi, "opinion")).as("reading it leaves it alone").isEqualTo("舊版留存的意見");
        assertThat(opinionRows(pi)).isEqualTo(1);

        cases.act(id, "review", "tax.clerk", "approve", "擬准。");
        cases.waitForTask(id, "approve", "tax.chief");
        assertThat(opinionRows(pi)).isZero();
    }

    /** The engine holds no opinion of the case; Kuayu's sealed record has it, as the case view shows. */
    private void assertKeptOnlyByKuayu(CaseDriver cases, String id, String pi, String opinion) {
        assertThat(opinionRows(pi)).isZero();
        assertThat(cases.caseView(id, "tax.clerk").path("opinions").findValuesAsText("opinion")).containsExactly(opinion);
    }

    private Task reviewTask(String pi) {
        return tasks.createTaskQuery().processInstanceId(pi).taskDefinitionKey("review").singleResult();
    }

    private void asTaxClerk(Runnable call) {
        identity.setAuthentication("tax.clerk", List.of("tpe-tax", "tpe-tax.clerk"));
        try {
            call.run();
        } finally {
            identity.clearAuthentication();
        }
    }

    private static String fileAndWaitForReview(CaseDriver cases) {
        String id = cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明", PARCEL);
        cases.waitForTask(id, "review", "tax.clerk");
        return id;
    }

    private String processInstance(String caseId) {
        return jdbc.queryForObject("SELECT process_instance_id FROM kuayu_case WHERE id = ?", String.class, caseId);
    }

    private int opinionRows(String pi) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_VARIABLE WHERE PROC_INST_ID_ = ? AND NAME_ IN ('opinion', 'referralOpinion',"
                + " 'coSignOpinion')", Integer.class, pi);
    }
}
