package tw.kuayu.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Deployment(resources = "processes/land-value-tax-self-use.bpmn")
class LandValueTaxSelfUseProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    private final List<String> issued = new ArrayList<>();
    private boolean sourceDown;

    @BeforeEach
    void registerDelegates() {
        Mocks.register("fetchEvidence", (JavaDelegate) execution -> {
            if (sourceDown) {
                throw new IllegalStateException("戶役政資料來源暫時無法連線");
            }
        });
        Mocks.register("assessEligibility", (JavaDelegate) execution -> {
            execution.setVariable("eligible", true);
            execution.setVariable("eligibilityReason", "符合");
        });
        Mocks.register("issueDecision", (JavaDelegate) execution -> issued.add((String) execution.getVariable("action")));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
    }

    private ProcessInstance start() {
        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey("land-value-tax-self-use", "115-TAX-000001",
                Map.of("ownerAgency", "tpe-tax", "approverGroup", "tpe-tax.approver"));
        assertThat(pi).isWaitingAt("fetchEvidence");
        execute(job());
        return pi;
    }

    @Test
    void approvedCaseIsReviewedApprovedAndDecided() {
        ProcessInstance pi = start();

        assertThat(pi).isWaitingAt("review");
        assertThat(task()).hasCandidateGroup("tpe-tax");
        assertThat(pi).variables().containsEntry("eligible", true);
        complete(task(), withVariables("action", "approve", "opinion", "符合要件"));

        assertThat(pi).isWaitingAt("approve");
        assertThat(task()).hasCandidateGroup("tpe-tax.approver");
        complete(task(), withVariables("action", "approve"));

        assertThat(pi).isWaitingAt("issueDecision");
        execute(job());
        assertThat(pi).isEnded().hasPassedInOrder("fetchEvidence", "assessEligibility", "review", "approve", "issueDecision", "closed");
        assertThat(issued).containsExactly("approve");
    }

    @Test
    void rejectedCaseIssuesARejection() {
        ProcessInstance pi = start();
        complete(task(), withVariables("action", "reject", "opinion", "未設籍"));
        complete(task(), withVariables("action", "reject"));
        execute(job());

        assertThat(pi).isEnded().hasPassed("issueDecision");
        assertThat(issued).containsExactly("reject");
    }

    @Test
    void returnedCaseGoesBackToTheCaseworker() {
        ProcessInstance pi = start();
        complete(task(), withVariables("action", "approve"));
        complete(task(), withVariables("action", "return", "opinion", "請補充說明"));

        assertThat(pi).isWaitingAt("review");
        complete(task(), withVariables("action", "approve"));
        complete(task(), withVariables("action", "approve"));
        execute(job());
        assertThat(pi).isEnded();
        assertThat(issued).containsExactly("approve");
    }

    @Test
    void unavailableSourceEndsInAnIncidentAndResumesWhenRetried() {
        sourceDown = true;
        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey("land-value-tax-self-use", "115-TAX-000002",
                Map.of("ownerAgency", "tpe-tax", "approverGroup", "tpe-tax.approver"));
        Job fetch = job(pi);
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

        sourceDown = false;
        engine.getManagementService().setJobRetries(fetch.getId(), 1);
        execute(job(pi));
        assertThat(pi).isWaitingAt("review");
    }
}
