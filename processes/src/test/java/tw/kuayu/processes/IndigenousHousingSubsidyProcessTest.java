package tw.kuayu.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Deployment(resources = {"processes/indigenous-housing-subsidy.bpmn", "processes/referral.bpmn"})
class IndigenousHousingSubsidyProcessTest extends ProcessTestSupport {

    private static final String CASE_NO = "115-DAAN-000001";

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    @Override
    protected ProcessEngineExtension engine() {
        return engine;
    }

    private ProcessInstance startCase(String... levels) {
        ProcessInstance pi = start("indigenous-housing-subsidy", CASE_NO, CaseVariables.of("indigenous-housing-subsidy", "tpe-daan",
                List.of(), List.of(levels), List.of()));
        runJobs();
        assertThat(pi).isWaitingAt("review");
        assertThat(taskFor("review", "tpe-daan")).isNotNull();
        return pi;
    }

    @Test
    void referredAndApprovedByTheCommission() {
        ProcessInstance pi = startCase("tpe-indigenous");
        complete("review", "action", "refer", "opinion", "經初審符合資格，陳報核定");

        assertThat(pi).isWaitingAt("referral");
        assertThat(taskFor("referralRuling", "tpe-indigenous.approver")).isNotNull();
        complete("referralRuling", "action", "approve", "opinion", "准予補助");
        runJobs();

        assertThat(pi).isEnded().hasPassedInOrder("review", "referral", "issueDecision", "closed");
        assertThat(beans.decisions).hasSize(1);
        assertThat(beans.decisions.get(0)).containsEntry("action", "approve").containsEntry("opinion", "准予補助")
                .containsEntry("decidingAgency", "tpe-indigenous");
    }

    @Test
    void referredAndRejectedByTheCommission() {
        ProcessInstance pi = startCase("tpe-indigenous");
        complete("review", "action", "refer");
        complete("referralRuling", "action", "reject", "opinion", "申請人已有自有住宅");
        runJobs();

        assertThat(pi).isEnded();
        assertThat(beans.decisions.get(0)).containsEntry("action", "reject").containsEntry("opinion", "申請人已有自有住宅")
                .containsEntry("decidingAgency", "tpe-indigenous");
    }

    @Test
    void aReturnGoesBackToTheDistrictOffice() {
        ProcessInstance pi = startCase("tpe-indigenous");
        complete("review", "action", "refer");
        complete("referralRuling", "action", "return", "opinion", "請補充購屋契約");

        assertThat(pi).isWaitingAt("review");
        assertThat(pi).variables().containsEntry("referralAction", "return").containsEntry("referralOpinion", "請補充購屋契約");

        complete("review", "action", "refer");
        complete("referralRuling", "action", "approve");
        runJobs();
        assertThat(pi).isEnded();
        assertThat(beans.of("issueDecision")).containsExactly("issueDecision:approve");
    }

    @Test
    void twoLevelsReferThenRule() {
        ProcessInstance pi = startCase("tpe-indigenous", "cip");
        complete("review", "action", "refer");
        assertThat(taskFor("referralReview", "tpe-indigenous.approver")).isNotNull();
        complete("referralReview", "action", "refer");
        assertThat(taskFor("referralRuling", "cip.approver")).isNotNull();
        complete("referralRuling", "action", "approve");
        runJobs();

        assertThat(pi).isEnded();
        assertThat(beans.decisions.get(0)).containsEntry("decidingAgency", "cip");
    }

    @Test
    void theDistrictOfficeRejectsWithoutReferral() {
        ProcessInstance pi = startCase("tpe-indigenous");
        complete("review", "action", "reject", "opinion", "申請人不具原住民身分");
        runJobs();

        assertThat(pi).isEnded().hasNotPassed("referral");
        assertThat(beans.decisions.get(0)).containsEntry("action", "reject").containsEntry("decidingAgency", null);
    }

    @Test
    void withdrawalDuringReferralEndsTheCaseAndTheReferral() {
        ProcessInstance pi = startCase("tpe-indigenous");
        complete("review", "action", "refer");
        correlate("caseWithdrawn", CASE_NO);

        assertThat(pi).isEnded().hasPassed("closeCase");
        assertThat(runningInstances()).isZero();
        assertThat(task("referralRuling")).isNull();
    }

    @Test
    void anAnsweredCorrectionGoesBackToReview() {
        ProcessInstance pi = startCase("tpe-indigenous");
        complete("review", "action", "requestCorrection");
        assertThat(pi).isWaitingAt("correctionReceived");
        correlate("correctionReceived", CASE_NO);

        assertThat(pi).isWaitingAt("review");
        assertThat(beans.of("statutoryClock")).containsExactly("statutoryClock.stop", "statutoryClock.resume");
    }

    @Test
    void anExpiredCorrectionEndsInARejection() {
        ProcessInstance pi = startCase("tpe-indigenous");
        complete("review", "action", "requestCorrection");
        passDays(10);

        assertThat(pi).isEnded().hasPassed("correctionLapsed");
        assertThat(beans.decisions.get(0)).containsEntry("action", "reject").containsEntry("decisionReason", CaseVariables.LAPSED);
    }
}
