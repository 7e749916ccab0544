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

@Deployment(resources = "processes/joint-review.bpmn")
class JointReviewProcessTest extends ProcessTestSupport {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    @Override
    protected ProcessEngineExtension engine() {
        return engine;
    }

    private ProcessInstance start(boolean silenceMeansNoObjection, String... agencies) {
        return start("joint-review", "115-UDD-000001", Map.of("caseId", "c-1",
                "reviewAgencies", new ArrayList<>(List.of(agencies)), "reviewWorkingDays", 5,
                "escalateAfterWorkingDays", 2, "silenceMeansNoObjection", silenceMeansNoObjection));
    }

    @Test
    void everyAgencyReviewsInParallelAndAllConcur() {
        ProcessInstance pi = start(true, "tpe-social", "tpe-land");

        assertThat(tasks("jointReview")).hasSize(2);
        assertThat(taskFor("jointReview", "tpe-social")).isNotNull();
        assertThat(taskFor("jointReview", "tpe-land")).isNotNull();
        complete(taskFor("jointReview", "tpe-social"), "action", "concur", "opinion", "無意見");
        assertThat(pi).isActive();
        complete(taskFor("jointReview", "tpe-land"), "action", "concur");

        assertThat(pi).isEnded().hasPassed("agencyReviewed").hasNotPassed("remindReviewer", "recordSilence", "jointReviewEscalated");
        assertThat(beans.calls).isEmpty();
    }

    @Test
    void anObjectionIsAnOpinionLikeAnyOther() {
        ProcessInstance pi = start(true, "tpe-social", "tpe-land");
        complete(taskFor("jointReview", "tpe-land"), "action", "object", "opinion", "申請人名下另有不動產，請再查明");
        complete(taskFor("jointReview", "tpe-social"), "action", "concur");

        assertThat(pi).isEnded();
        assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceId(pi.getId())
                .taskDefinitionKey("jointReview").finished().count()).isEqualTo(2);
    }

    @Test
    void aLateReviewerIsRemindedAndThenItsSilenceCountsAsNoObjection() {
        ProcessInstance pi = start(true, "tpe-social", "tpe-land");
        complete(taskFor("jointReview", "tpe-social"), "action", "concur");

        passDays(4);
        assertThat(beans.calls).isEmpty();
        passDays(1);
        assertThat(beans.calls).containsExactly("notifyLate:reminder:tpe-land");
        assertThat(taskFor("jointReview", "tpe-land")).as("the reminder leaves the task open").isNotNull();

        passDays(2);
        assertThat(beans.calls).containsExactly("notifyLate:reminder:tpe-land", "recordSilence:tpe-land");
        assertThat(pi).isEnded().hasPassed("silenceRecorded").hasNotPassed("jointReviewEscalated");
    }

    @Test
    void aLateReviewerIsEscalatedToItsSupervisorWhenSilenceIsNotConsent() {
        ProcessInstance pi = start(false, "tpe-fire", "tpe-udd");
        complete(taskFor("jointReview", "tpe-udd"), "action", "concur");

        passDays(5);
        passDays(2);
        assertThat(beans.calls).containsExactly("notifyLate:reminder:tpe-fire", "notifyLate:escalation:tpe-fire.approver");
        assertThat(task("jointReview")).as("the overdue step left the reviewer").isNull();
        assertThat(taskFor("jointReviewEscalated", "tpe-fire.approver")).isNotNull();

        complete("jointReviewEscalated", "action", "object", "opinion", "消防安全設備不符規定");
        assertThat(pi).isEnded().hasPassed("escalatedReviewed").hasNotPassed("recordSilence");
    }

    @Test
    void aReviewerWhoAnswersAfterTheReminderIsNotEscalated() {
        ProcessInstance pi = start(false, "tpe-fire");
        passDays(5);
        complete("jointReview", "action", "concur");

        assertThat(pi).isEnded();
        passDays(5);
        assertThat(beans.calls).containsExactly("notifyLate:reminder:tpe-fire");
    }

    @Test
    void noReviewAgenciesEndsAtOnce() {
        assertThat(start(true)).isEnded();
    }
}
