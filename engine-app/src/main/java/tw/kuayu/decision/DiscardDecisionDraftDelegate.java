package tw.kuayu.decision;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code ${discardDecisionDraft}}: a co-signer sent the decision back, so its draft is discarded. */
@Component("discardDecisionDraft")
public class DiscardDecisionDraftDelegate implements JavaDelegate {

    private final DecisionIssuer issuer;

    public DiscardDecisionDraftDelegate(DecisionIssuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public void execute(DelegateExecution execution) {
        issuer.discard((String) execution.getVariable("caseId"));
    }
}
