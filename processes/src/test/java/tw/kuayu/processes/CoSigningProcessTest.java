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

@Deployment(resources = "processes/co-signing.bpmn")
class CoSigningProcessTest extends ProcessTestSupport {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    @Override
    protected ProcessEngineExtension engine() {
        return engine;
    }

    private ProcessInstance start(boolean parallel, String... coSigners) {
        return start("co-signing", "115-UDD-000001", Map.of("caseId", "c-1",
                "coSigners", new ArrayList<>(List.of(coSigners)), "coSignInParallel", parallel));
    }

    @Test
    void coSignersSignInTurn() {
        ProcessInstance pi = start(false, "tpe-social", "tpe-land");

        assertThat(tasks("coSign")).hasSize(1);
        assertThat(taskFor("coSign", "tpe-social.approver")).isNotNull();
        complete("coSign", "action", "sign");
        runJobs();

        assertThat(tasks("coSign")).hasSize(1);
        assertThat(taskFor("coSign", "tpe-land.approver")).isNotNull();
        complete("coSign", "action", "sign", "opinion", "同意會銜");
        runJobs();

        assertThat(pi).isEnded().hasPassed("allSigned");
        assertThat(beans.calls).containsExactly("coSignDecision:tpe-social", "coSignDecision:tpe-land");
        assertThat(historicVariable(pi, "coSignAction")).isEqualTo("sign");
    }

    @Test
    void theSecondCoSignerReturnsTheDecision() {
        ProcessInstance pi = start(false, "tpe-social", "tpe-land");
        complete("coSign", "action", "sign");
        runJobs();
        complete("coSign", "action", "return", "opinion", "處分理由請補充財產查核結果");

        assertThat(pi).isEnded().hasPassed("coSignReturned").hasNotPassed("allSigned");
        assertThat(beans.calls).containsExactly("coSignDecision:tpe-social", "discardDecisionDraft:tpe-land");
        assertThat(historicVariable(pi, "coSignAction")).isEqualTo("return");
        assertThat(historicVariable(pi, "coSignOpinion")).isEqualTo("處分理由請補充財產查核結果");
    }

    @Test
    void theFirstCoSignerReturnsAndTheSecondIsNeverAsked() {
        ProcessInstance pi = start(false, "tpe-social", "tpe-land");
        complete("coSign", "action", "return");

        assertThat(pi).isEnded();
        assertThat(beans.calls).containsExactly("discardDecisionDraft:tpe-social");
        assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().taskDefinitionKey("coSign").count()).isEqualTo(1);
    }

    @Test
    void inParallelEveryCoSignerIsAskedAtOnce() {
        ProcessInstance pi = start(true, "tpe-social", "tpe-land");

        assertThat(tasks("coSign")).hasSize(2);
        complete(taskFor("coSign", "tpe-land.approver"), "action", "sign");
        complete(taskFor("coSign", "tpe-social.approver"), "action", "sign");
        runJobs();

        assertThat(pi).isEnded().hasPassed("allSigned");
        assertThat(beans.calls).containsExactlyInAnyOrder("coSignDecision:tpe-social", "coSignDecision:tpe-land");
        assertThat(historicVariable(pi, "coSignAction")).isEqualTo("sign");
    }

    @Test
    void inParallelAReturnWithdrawsTheOtherCoSignersTasks() {
        ProcessInstance pi = start(true, "tpe-social", "tpe-land");
        complete(taskFor("coSign", "tpe-land.approver"), "action", "return", "opinion", "地號有誤");

        assertThat(pi).isEnded();
        assertThat(tasks("coSign")).isEmpty();
        assertThat(beans.calls).containsExactly("discardDecisionDraft:tpe-land");
        assertThat(historicVariable(pi, "coSignAction")).isEqualTo("return");
    }

    @Test
    void withoutCoSignersThereIsNothingToSign() {
        ProcessInstance pi = start(false);
        assertThat(pi).isEnded();
        assertThat(historicVariable(pi, "coSignAction")).isEqualTo("sign");
    }
}
