package tw.kuayu.decision;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code ${issueDecision}}: issues the decision after the final approval step, as
 * {@code decidingAgency} if set (a referral's top level), else as the owning agency. A rejection
 * states {@code decisionReason} if set, else the approver's opinion, else the eligibility check's
 * reason. With co-signers the decision waits for them (see {@link CoSignDecisionDelegate}).
 */
@Component("issueDecision")
public class IssueDecisionDelegate implements JavaDelegate {

    private final DecisionIssuer issuer;

    public IssueDecisionDelegate(DecisionIssuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public void execute(DelegateExecution execution) {
        boolean approved = "approve".equals(execution.getVariable("action"));
        String reason = approved ? null : firstText(execution, "decisionReason", "opinion", "eligibilityReason");
        issuer.issue((String) execution.getVariable("caseId"), approved, reason, (String) execution.getVariable("decidingAgency"));
    }

    private static String firstText(DelegateExecution execution, String... names) {
        for (String name : names) {
            if (execution.getVariable(name) instanceof String text && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }
}
