package tw.kuayu.decision;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import tw.kuayu.tasks.OpinionMapper;
import tw.kuayu.tasks.OpinionMapper.Opinion;

/**
 * {@code ${issueDecision}}: issues the decision after the final approval step, as
 * {@code decidingAgency} if set (a referral's top level), else as the owning agency. A rejection
 * states {@code decisionReason} if set, else the opinion of the case's latest step (the approver's, or a
 * referral's ruling), else the eligibility check's reason. The opinion is read from Kuayu's sealed record:
 * the engine keeps no opinion past the transaction that wrote it (decision 040). With co-signers the
 * decision waits for them (see {@link CoSignDecisionDelegate}).
 */
@Component("issueDecision")
public class IssueDecisionDelegate implements JavaDelegate {

    private final DecisionIssuer issuer;
    private final OpinionMapper opinions;

    public IssueDecisionDelegate(DecisionIssuer issuer, OpinionMapper opinions) {
        this.issuer = issuer;
        this.opinions = opinions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String caseId = (String) execution.getVariable("caseId");
        boolean approved = "approve".equals(execution.getVariable("action"));
        String reason = approved ? null
                : firstText(execution.getVariable("decisionReason"), latestOpinion(caseId), execution.getVariable("eligibilityReason"));
        issuer.issue(caseId, approved, reason, (String) execution.getVariable("decidingAgency"));
    }

    private String latestOpinion(String caseId) {
        List<Opinion> all = opinions.findByCase(caseId);
        return all.isEmpty() ? null : all.get(all.size() - 1).opinion();
    }

    private static String firstText(Object... candidates) {
        for (Object candidate : candidates) {
            if (candidate instanceof String text && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }
}
