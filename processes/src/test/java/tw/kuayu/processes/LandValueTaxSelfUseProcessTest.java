package tw.kuayu.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Deployment(resources = "processes/land-value-tax-self-use.bpmn")
class LandValueTaxSelfUseProcessTest extends ProcessTestSupport {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    @Override
    protected ProcessEngineExtension engine() {
        return engine;
    }

    private ProcessInstance startCase() {
        ProcessInstance pi = start("land-value-tax-self-use", "115-TAX-000001",
                CaseVariables.of("land-value-tax-self-use", "tpe-tax", List.of(), List.of(), List.of()));
        assertThat(pi).isWaitingAt("fetchEvidence");
        runJobs();
        return pi;
    }

    @Test
    void approvedCaseIsReviewedApprovedAndDecided() {
        ProcessInstance pi = startCase();

        assertThat(pi).isWaitingAt("review");
        assertThat(taskFor("review", "tpe-tax")).isNotNull();
        assertThat(pi).variables().containsEntry("eligible", true);
        complete("review", "action", "approve", "opinion", "符合要件");

        assertThat(pi).isWaitingAt("approve");
        assertThat(taskFor("approve", "tpe-tax.approver")).isNotNull();
        complete("approve", "action", "approve");

        assertThat(pi).isWaitingAt("issueDecision");
        runJobs();
        assertThat(pi).isEnded().hasPassedInOrder("fetchEvidence", "assessEligibility", "review", "approve", "issueDecision", "closed");
        assertThat(beans.of("issueDecision")).containsExactly("issueDecision:approve");
    }

    @Test
    void rejectedCaseIssuesARejection() {
        ProcessInstance pi = startCase();
        complete("review", "action", "reject", "opinion", "未設籍");
        complete("approve", "action", "reject");
        runJobs();

        assertThat(pi).isEnded().hasPassed("issueDecision");
        assertThat(beans.of("issueDecision")).containsExactly("issueDecision:reject");
    }

    @Test
    void returnedCaseGoesBackToTheCaseworker() {
        ProcessInstance pi = startCase();
        complete("review", "action", "approve");
        complete("approve", "action", "return", "opinion", "請補充說明");

        assertThat(pi).isWaitingAt("review");
        complete("review", "action", "approve");
        complete("approve", "action", "approve");
        runJobs();
        assertThat(pi).isEnded();
        assertThat(beans.of("issueDecision")).containsExactly("issueDecision:approve");
    }

    @Test
    void answeredCorrectionGoesBackToReviewWithTheClockStoppedMeanwhile() {
        ProcessInstance pi = startCase();
        complete("review", "action", "requestCorrection", "opinion", "請說明地上建物使用情形");

        assertThat(pi).isWaitingAt("correctionReceived");
        assertThat(beans.of("statutoryClock")).containsExactly("statutoryClock.stop");
        correlate("correctionReceived", "115-TAX-000001");

        assertThat(beans.of("statutoryClock")).containsExactly("statutoryClock.stop", "statutoryClock.resume");
        assertThat(pi).isWaitingAt("review");
        passDays(30);
        assertThat(pi).as("the correction timer is gone").isWaitingAt("review");
    }

    @Test
    void expiredCorrectionEndsInARejection() {
        ProcessInstance pi = startCase();
        complete("review", "action", "requestCorrection");

        passDays(9);
        assertThat(pi).isWaitingAt("correctionReceived");
        passDays(1);

        assertThat(pi).isEnded().hasPassed("correctionLapsed", "issueDecision").hasNotPassed("approve");
        assertThat(beans.of("statutoryClock")).containsExactly("statutoryClock.stop", "statutoryClock.resume");
        assertThat(beans.decisions).hasSize(1);
        assertThat(beans.decisions.get(0)).containsEntry("action", "reject").containsEntry("decisionReason", CaseVariables.LAPSED);
    }

    @Test
    void withdrawalClosesTheCaseWithoutADecision() {
        ProcessInstance pi = startCase();
        complete("review", "action", "approve");
        correlate("caseWithdrawn", "115-TAX-000001");

        assertThat(pi).isEnded().hasPassed("closeCase", "withdrawn").hasNotPassed("issueDecision");
        assertThat(beans.of("closeCase")).containsExactly("closeCase:withdrawn");
        assertThat(task("approve")).isNull();
    }

    @Test
    void unavailableSourceEndsInAnIncidentAndResumesWhenRetried() {
        beans.sourceDown = true;
        ProcessInstance pi = start("land-value-tax-self-use", "115-TAX-000002",
                CaseVariables.of("land-value-tax-self-use", "tpe-tax", List.of(), List.of(), List.of()));
        Job fetch = engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).singleResult();
        int attempts = 0;
        while (engine.getManagementService().createJobQuery().jobId(fetch.getId()).singleResult().getRetries() > 0) {
            attempts++;
            try {
                engine.getManagementService().executeJob(fetch.getId());
            } catch (IllegalStateException expected) {
                // the engine records the failure on the job and decrements its retries
            }
        }
        assertThat(attempts).as("retries from the model's R5 cycle").isEqualTo(5);
        Incident incident = engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getActivityId()).isEqualTo("fetchEvidence");
        assertThat(incident.getIncidentMessage()).contains("戶役政");

        beans.sourceDown = false;
        engine.getManagementService().setJobRetries(fetch.getId(), 1);
        engine.getManagementService().executeJob(fetch.getId());
        assertThat(pi).isWaitingAt("review");
    }
}
