package tw.kuayu.decision;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code ${issueDecision}}: issues the decision after the final approval step. A rejection states
 * the approver's opinion as its reason, or else the eligibility check's reason.
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
        String opinion = (String) execution.getVariable("opinion");
        String reason = opinion != null && !opinion.isBlank() ? opinion : (String) execution.getVariable("eligibilityReason");
        issuer.issue((String) execution.getVariable("caseId"), approved, approved ? null : reason);
    }
}
