package tw.kuayu.decision;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;

/** The delegates read the process contract's variables (docs/process-contract.md). */
class DecisionDelegatesTest {

    final DecisionIssuer issuer = mock(DecisionIssuer.class);

    static DelegateExecution execution(Map<String, Object> variables) {
        DelegateExecution execution = mock(DelegateExecution.class);
        when(execution.getVariable(any())).thenAnswer(call -> variables.get(call.<String>getArgument(0)));
        return execution;
    }

    @Test
    void decisionReasonWinsOverOpinionAndEligibilityReason() throws Exception {
        new IssueDecisionDelegate(issuer).execute(execution(Map.of("caseId", "c1", "action", "reject",
                "decisionReason", "申請人逾期未補正。", "opinion", "不准。", "eligibilityReason", "所得超過標準。")));
        verify(issuer).issue("c1", false, "申請人逾期未補正。", null);
    }

    @Test
    void opinionThenEligibilityReasonStateARejection() throws Exception {
        new IssueDecisionDelegate(issuer).execute(execution(Map.of("caseId", "c1", "action", "reject", "opinion", " ",
                "eligibilityReason", "所得超過標準。")));
        verify(issuer).issue("c1", false, "所得超過標準。", null);
    }

    @Test
    void anApprovalHasNoReasonAndIsIssuedAsTheDecidingAgency() throws Exception {
        new IssueDecisionDelegate(issuer).execute(execution(Map.of("caseId", "c1", "action", "approve",
                "decisionReason", "ignored", "decidingAgency", "tpe-indigenous")));
        verify(issuer).issue("c1", true, null, "tpe-indigenous");
    }

    @Test
    void coSignAndDiscardActOnTheCase() throws Exception {
        new CoSignDecisionDelegate(issuer).execute(execution(Map.of("caseId", "c1", "coSigner", "tpe-social")));
        verify(issuer).coSign("c1", "tpe-social");
        new DiscardDecisionDraftDelegate(issuer).execute(execution(Map.of("caseId", "c1")));
        verify(issuer).discard("c1");
    }
}
