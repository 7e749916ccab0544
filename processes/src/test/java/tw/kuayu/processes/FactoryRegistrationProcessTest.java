package tw.kuayu.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Deployment(resources = {"processes/factory-registration.bpmn", "processes/joint-review.bpmn"})
class FactoryRegistrationProcessTest extends ProcessTestSupport {

    private static final String CASE_NO = "115-UDD-000002";

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    @Override
    protected ProcessEngineExtension engine() {
        return engine;
    }

    private ProcessInstance startCase() {
        ProcessInstance pi = start("factory-registration", CASE_NO, CaseVariables.of("factory-registration", "tpe-udd",
                List.of("tpe-fire", "tpe-land"), List.of(), List.of()));
        runJobs();
        assertThat(pi).isWaitingAt("review");
        return pi;
    }

    private void inspect() {
        complete("review", "action", "sendForReview");
        assertThat(taskFor("scheduleInspection", "tpe-udd")).isNotNull();
        complete("scheduleInspection", "action", "schedule", "inspectionDate", "2026-06-15");
        assertThat(taskFor("recordInspection", "tpe-udd")).isNotNull();
        complete("recordInspection", "action", "record", "opinion", "現場為第二種工業區，廠房使用與登記相符");
    }

    @Test
    void siteInspectionJointReviewAndApproval() {
        ProcessInstance pi = startCase();
        inspect();
        assertThat(pi).isWaitingAt("jointReview").variables().containsEntry("inspectionDate", "2026-06-15");

        complete(taskFor("jointReview", "tpe-fire"), "action", "concur");
        complete(taskFor("jointReview", "tpe-land"), "action", "concur");
        complete("consolidate", "action", "approve");
        complete("approve", "action", "approve");
        runJobs();

        assertThat(pi).isEnded().hasPassedInOrder("review", "scheduleInspection", "recordInspection", "jointReview",
                "consolidate", "approve", "issueDecision", "closed");
        assertThat(beans.of("issueDecision")).containsExactly("issueDecision:approve");
    }

    @Test
    void anObjectionLeadsToARejection() {
        ProcessInstance pi = startCase();
        inspect();
        complete(taskFor("jointReview", "tpe-fire"), "action", "object", "opinion", "消防安全設備不符規定");
        complete(taskFor("jointReview", "tpe-land"), "action", "concur");
        complete("consolidate", "action", "reject", "opinion", "消防局不同意");
        complete("approve", "action", "reject");
        runJobs();

        assertThat(pi).isEnded();
        assertThat(beans.of("issueDecision")).containsExactly("issueDecision:reject");
    }

    @Test
    void aSilentReviewerIsEscalatedToItsSupervisor() {
        ProcessInstance pi = startCase();
        inspect();
        complete(taskFor("jointReview", "tpe-land"), "action", "concur");

        passDays(5);
        passDays(2);
        assertThat(beans.of("notifyLate")).containsExactly("notifyLate:reminder:tpe-fire", "notifyLate:escalation:tpe-fire.approver");
        assertThat(beans.of("recordSilence")).isEmpty();
        assertThat(taskFor("jointReviewEscalated", "tpe-fire.approver")).isNotNull();
        complete("jointReviewEscalated", "action", "concur");

        assertThat(pi).isWaitingAt("consolidate");
    }

    @Test
    void theApproverReturnsTheCaseToConsolidation() {
        ProcessInstance pi = startCase();
        inspect();
        complete(taskFor("jointReview", "tpe-fire"), "action", "concur");
        complete(taskFor("jointReview", "tpe-land"), "action", "concur");
        complete("consolidate", "action", "approve");
        complete("approve", "action", "return");

        assertThat(pi).isWaitingAt("consolidate");
    }

    @Test
    void aRejectionAtReviewSkipsInspectionAndJointReview() {
        ProcessInstance pi = startCase();
        complete("review", "action", "reject", "opinion", "查無工廠登記資料");
        runJobs();

        assertThat(pi).isEnded().hasNotPassed("scheduleInspection", "jointReview");
        assertThat(beans.of("issueDecision")).containsExactly("issueDecision:reject");
    }

    @Test
    void withdrawalDuringJointReviewEndsTheCaseAndTheCalledReview() {
        ProcessInstance pi = startCase();
        inspect();
        correlate("caseWithdrawn", CASE_NO);

        assertThat(pi).isEnded().hasPassed("closeCase");
        assertThat(runningInstances()).isZero();
        assertThat(beans.of("closeCase")).containsExactly("closeCase:withdrawn");
    }

    @Test
    void anExpiredCorrectionEndsInARejection() {
        ProcessInstance pi = startCase();
        complete("review", "action", "requestCorrection");
        passDays(10);

        assertThat(pi).isEnded().hasPassed("correctionLapsed", "issueDecision");
        assertThat(beans.of("statutoryClock")).containsExactly("statutoryClock.stop", "statutoryClock.resume");
        assertThat(beans.decisions.get(0)).containsEntry("action", "reject").containsEntry("decisionReason", CaseVariables.LAPSED);
    }

    @Test
    void anAnsweredCorrectionGoesBackToReview() {
        ProcessInstance pi = startCase();
        complete("review", "action", "requestCorrection");
        correlate("correctionReceived", CASE_NO);

        assertThat(pi).isWaitingAt("review");
        assertThat(beans.of("statutoryClock")).containsExactly("statutoryClock.stop", "statutoryClock.resume");
    }
}
