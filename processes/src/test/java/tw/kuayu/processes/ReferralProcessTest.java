package tw.kuayu.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Deployment(resources = "processes/referral.bpmn")
class ReferralProcessTest extends ProcessTestSupport {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    @Override
    protected ProcessEngineExtension engine() {
        return engine;
    }

    private ProcessInstance start(String... levels) {
        return start("referral", "115-DAAN-000001", Map.of("caseId", "c-1", "referralLevels", new ArrayList<>(List.of(levels))));
    }

    @Test
    void twoLevelsReferThenTheTopRules() {
        ProcessInstance pi = start("tpe-indigenous", "cip");

        assertThat(task("referralRuling")).isNull();
        assertThat(taskFor("referralReview", "tpe-indigenous.approver")).isNotNull();
        complete("referralReview", "action", "refer", "opinion", "擬請核定");

        assertThat(task("referralReview")).isNull();
        assertThat(taskFor("referralRuling", "cip.approver")).isNotNull();
        complete("referralRuling", "action", "approve", "opinion", "准予補助");

        assertThat(pi).isEnded().hasPassed("rulingGiven");
        assertThat(historicVariable(pi, "referralAction")).isEqualTo("approve");
        assertThat(historicVariable(pi, "referralOpinion")).isEqualTo("准予補助");
        assertThat(historicVariable(pi, "decidingAgency")).isEqualTo("cip");
    }

    @Test
    void aReturnAtTheFirstLevelEndsThePatternWithoutARuling() {
        ProcessInstance pi = start("tpe-indigenous", "cip");
        complete("referralReview", "action", "return", "opinion", "請區公所補充申請人購屋資料");

        assertThat(pi).isEnded().hasPassed("returned").hasNotPassed("referralRuling");
        assertThat(historicVariable(pi, "referralAction")).isEqualTo("return");
        assertThat(historicVariable(pi, "referralOpinion")).isEqualTo("請區公所補充申請人購屋資料");
        assertThat(historicVariable(pi, "decidingAgency")).isNull();
    }

    @Test
    void aReturnAtTheLastLevelEndsThePatternWithoutADecidingAgency() {
        ProcessInstance pi = start("tpe-indigenous", "cip");
        complete("referralReview", "action", "refer");
        complete("referralRuling", "action", "return", "opinion", "所附資料不足");

        assertThat(pi).isEnded().hasPassed("referralReview", "referralRuling", "returned");
        assertThat(historicVariable(pi, "referralAction")).isEqualTo("return");
        assertThat(historicVariable(pi, "decidingAgency")).isNull();
    }

    @Test
    void threeLevelsAreReviewedInOrder() {
        start("tpe-a", "tpe-b", "cip");
        assertThat(taskFor("referralReview", "tpe-a.approver")).isNotNull();
        complete("referralReview", "action", "refer");
        assertThat(taskFor("referralReview", "tpe-b.approver")).isNotNull();
        complete("referralReview", "action", "refer");
        assertThat(taskFor("referralRuling", "cip.approver")).isNotNull();
    }

    @Test
    void aSingleLevelRulesAtOnce() {
        ProcessInstance pi = start("tpe-indigenous");

        assertThat(task("referralReview")).isNull();
        assertThat(taskFor("referralRuling", "tpe-indigenous.approver")).isNotNull();
        complete("referralRuling", "action", "reject", "opinion", "申請人家庭年所得超過補助標準");

        assertThat(pi).isEnded();
        assertThat(historicVariable(pi, "referralAction")).isEqualTo("reject");
        assertThat(historicVariable(pi, "decidingAgency")).isEqualTo("tpe-indigenous");
    }
}
