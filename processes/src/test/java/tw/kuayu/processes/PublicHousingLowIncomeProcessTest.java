package tw.kuayu.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Deployment(resources = {"processes/public-housing-low-income.bpmn", "processes/joint-review.bpmn", "processes/co-signing.bpmn"})
class PublicHousingLowIncomeProcessTest extends ProcessTestSupport {

    private static final String CASE_NO = "115-UDD-000001";

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    @Override
    protected ProcessEngineExtension engine() {
        return engine;
    }

    private ProcessInstance startCase() {
        ProcessInstance pi = start("public-housing-low-income", CASE_NO, CaseVariables.of("public-housing-low-income", "tpe-udd",
                List.of("tpe-social", "tpe-land"), List.of(), List.of("tpe-social")));
        runJobs();
        assertThat(pi).isWaitingAt("review");
        assertThat(taskFor("review", "tpe-udd")).isNotNull();
        return pi;
    }

    private void jointReviewAllConcur() {
        assertThat(tasks("jointReview")).hasSize(2);
        complete(taskFor("jointReview", "tpe-social"), "action", "concur", "opinion", "確認為低收入戶");
        complete(taskFor("jointReview", "tpe-land"), "action", "concur");
    }

    @Test
    void approvedAfterJointReviewAndCoSigning() {
        ProcessInstance pi = startCase();
        complete("review", "action", "sendForReview", "opinion", "請社會局、地政局表示意見");
        assertThat(pi).isWaitingAt("jointReview");
        jointReviewAllConcur();

        assertThat(pi).isWaitingAt("consolidate");
        assertThat(taskFor("consolidate", "tpe-udd")).isNotNull();
        complete("consolidate", "action", "approve", "opinion", "各機關均無意見，擬准");
        assertThat(taskFor("approve", "tpe-udd.approver")).isNotNull();
        complete("approve", "action", "approve");
        runJobs();

        assertThat(pi).isWaitingAt("coSigning");
        assertThat(taskFor("coSign", "tpe-social.approver")).isNotNull();
        complete("coSign", "action", "sign");
        runJobs();

        assertThat(pi).isEnded().hasPassedInOrder("review", "jointReview", "consolidate", "approve", "issueDecision", "coSigning", "closed");
        assertThat(beans.calls).containsExactly("fetchEvidence", "assessEligibility", "issueDecision:approve", "coSignDecision:tpe-social");
        assertThat(historicVariable(pi, "coSignAction")).isEqualTo("sign");
    }

    @Test
    void aRejectionAtReviewIsIssuedAndCoSignedWithoutJointReview() {
        ProcessInstance pi = startCase();
        complete("review", "action", "reject", "opinion", "非低收入戶或中低收入戶");
        runJobs();
        complete("coSign", "action", "sign");
        runJobs();

        assertThat(pi).isEnded().hasNotPassed("jointReview", "consolidate", "approve");
        assertThat(beans.calls).containsSubsequence("issueDecision:reject", "coSignDecision:tpe-social");
        assertThat(beans.decisions.get(0)).containsEntry("opinion", "非低收入戶或中低收入戶");
    }

    @Test
    void theApproverReturnsTheCaseToConsolidation() {
        ProcessInstance pi = startCase();
        complete("review", "action", "sendForReview");
        jointReviewAllConcur();
        complete("consolidate", "action", "approve");
        complete("approve", "action", "return", "opinion", "請補充地政局意見");

        assertThat(pi).isWaitingAt("consolidate");
        complete("consolidate", "action", "reject");
        complete("approve", "action", "reject");
        runJobs();
        assertThat(beans.of("issueDecision")).containsExactly("issueDecision:reject");
    }

    @Test
    void aCoSignerReturnSendsTheCaseBackToConsolidation() {
        ProcessInstance pi = startCase();
        complete("review", "action", "sendForReview");
        jointReviewAllConcur();
        complete("consolidate", "action", "approve");
        complete("approve", "action", "approve");
        runJobs();
        complete("coSign", "action", "return", "opinion", "請敘明低收入戶資格有效期間");

        assertThat(pi).isWaitingAt("consolidate");
        assertThat(pi).variables().containsEntry("coSignAction", "return").containsEntry("coSignOpinion", "請敘明低收入戶資格有效期間");
        assertThat(beans.of("discardDecisionDraft")).containsExactly("discardDecisionDraft:tpe-social");

        complete("consolidate", "action", "approve");
        complete("approve", "action", "approve");
        runJobs();
        complete("coSign", "action", "sign");
        runJobs();
        assertThat(pi).isEnded();
        assertThat(beans.of("issueDecision")).containsExactly("issueDecision:approve", "issueDecision:approve");
    }

    @Test
    void aSilentReviewerIsRemindedAndThenCountsAsNoObjection() {
        ProcessInstance pi = startCase();
        complete("review", "action", "sendForReview");
        complete(taskFor("jointReview", "tpe-social"), "action", "concur");

        passDays(5);
        assertThat(beans.of("notifyLate")).containsExactly("notifyLate:reminder:tpe-land");
        passDays(2);
        assertThat(beans.of("recordSilence")).containsExactly("recordSilence:tpe-land");
        assertThat(task("jointReviewEscalated")).isNull();
        assertThat(pi).isWaitingAt("consolidate");
    }

    @Test
    void withdrawalDuringJointReviewEndsTheCaseAndTheCalledReview() {
        ProcessInstance pi = startCase();
        complete("review", "action", "sendForReview");
        assertThat(runningInstances()).isEqualTo(2);

        correlate("caseWithdrawn", CASE_NO);

        assertThat(pi).isEnded().hasPassed("closeCase").hasNotPassed("consolidate");
        assertThat(runningInstances()).as("the joint review ended with the case").isZero();
        assertThat(tasks("jointReview")).isEmpty();
        assertThat(beans.of("closeCase")).containsExactly("closeCase:withdrawn");
        passDays(10);
        assertThat(beans.of("notifyLate")).isEmpty();
    }

    @Test
    void aCorrectionRequestedAtConsolidationIsAnsweredAndReviewedAgain() {
        ProcessInstance pi = startCase();
        complete("review", "action", "sendForReview");
        jointReviewAllConcur();
        complete("consolidate", "action", "requestCorrection", "opinion", "請補正租賃契約");

        assertThat(pi).isWaitingAt("correctionReceived");
        assertThat(beans.of("statutoryClock")).containsExactly("statutoryClock.stop");
        correlate("correctionReceived", CASE_NO);

        assertThat(beans.of("statutoryClock")).containsExactly("statutoryClock.stop", "statutoryClock.resume");
        assertThat(pi).isWaitingAt("review");
    }

    @Test
    void anExpiredCorrectionIsRejectedAndTheRejectionCoSigned() {
        ProcessInstance pi = startCase();
        complete("review", "action", "requestCorrection");
        passDays(10);

        assertThat(beans.of("statutoryClock")).containsExactly("statutoryClock.stop", "statutoryClock.resume");
        assertThat(beans.decisions.get(0)).containsEntry("action", "reject").containsEntry("decisionReason", CaseVariables.LAPSED);
        complete("coSign", "action", "sign");
        runJobs();
        assertThat(pi).isEnded().hasPassed("correctionLapsed", "closed");
    }
}
