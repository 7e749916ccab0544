package tw.kuayu.decision;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code ${coSignDecision}}: agency {@code coSigner} signs the pending decision (會銜). */
@Component("coSignDecision")
public class CoSignDecisionDelegate implements JavaDelegate {

    private final DecisionIssuer issuer;

    public CoSignDecisionDelegate(DecisionIssuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public void execute(DelegateExecution execution) {
        issuer.coSign((String) execution.getVariable("caseId"), (String) execution.getVariable("coSigner"));
    }
}
