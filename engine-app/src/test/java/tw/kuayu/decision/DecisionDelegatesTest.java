package tw.kuayu.decision;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;
import tw.kuayu.tasks.OpinionMapper;
import tw.kuayu.tasks.OpinionMapper.Opinion;

/** The delegates read the process contract's variables (docs/process-contract.md). */
class DecisionDelegatesTest {

    final DecisionIssuer issuer = mock(DecisionIssuer.class);
    final OpinionMapper opinions = mock(OpinionMapper.class);

    static DelegateExecution execution(Map<String, Object> variables) {
        DelegateExecution execution = mock(DelegateExecution.class);
        when(execution.getVariable(any())).thenAnswer(call -> variables.get(call.<String>getArgument(0)));
        return execution;
    }

    static Opinion opinion(String text, int minute) {
        return new Opinion("o" + minute, "c1", "t" + minute, "approve", "核定", "tpe-tax", "tax.chief", "reject", text,
                Instant.parse("2026-11-28T01:00:00Z").plusSeconds(60L * minute));
    }

    @Test
    void decisionReasonWinsOverOpinionAndEligibilityReason() throws Exception {
        when(opinions.findByCase("c1")).thenReturn(List.of(opinion("不准。", 1)));
        new IssueDecisionDelegate(issuer, opinions).execute(execution(Map.of("caseId", "c1", "action", "reject",
                "decisionReason", "申請人逾期未補正。", "eligibilityReason", "所得超過標準。")));
        verify(issuer).issue("c1", false, "申請人逾期未補正。", null);
    }

    @Test
    void theLatestStepsOpinionStatesARejection() throws Exception {
        when(opinions.findByCase("c1")).thenReturn(List.of(opinion("擬駁回。", 1), opinion("所得超過標準，駁回。", 2)));
        new IssueDecisionDelegate(issuer, opinions).execute(execution(Map.of("caseId", "c1", "action", "reject",
                "eligibilityReason", "所得超過標準。")));
        verify(issuer).issue("c1", false, "所得超過標準，駁回。", null);
    }

    @Test
    void withoutAnOpinionOnTheLatestStepTheEligibilityReasonStatesARejection() throws Exception {
        when(opinions.findByCase("c1")).thenReturn(List.of(opinion("擬駁回。", 1), opinion(" ", 2)));
        new IssueDecisionDelegate(issuer, opinions).execute(execution(Map.of("caseId", "c1", "action", "reject",
                "eligibilityReason", "所得超過標準。")));
        verify(issuer).issue("c1", false, "所得超過標準。", null);
    }

    @Test
    void anApprovalHasNoReasonAndIsIssuedAsTheDecidingAgency() throws Exception {
        new IssueDecisionDelegate(issuer, opinions).execute(execution(Map.of("caseId", "c1", "action", "approve",
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
