package tw.kuayu.workflow;

import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseStatus;
import tw.kuayu.decision.DecisionIssuer;
import tw.kuayu.decision.DecisionMapper;
import tw.kuayu.decision.DecisionMapper.DecisionInfo;
import tw.kuayu.decision.DecisionStatus;
import tw.kuayu.sla.SlaRollup;

/**
 * {@code ${closeCase}}: closes a case without a decision, today only when the applicant withdrew
 * (撤回). A decision still waiting for co-signers is discarded with it.
 */
@Component("closeCase")
public class CloseCaseDelegate implements JavaDelegate {

    private final CaseMapper cases;
    private final DecisionMapper decisions;
    private final DecisionIssuer issuer;
    private final Clock clock;
    private final SlaRollup rollup;

    public CloseCaseDelegate(CaseMapper cases, DecisionMapper decisions, DecisionIssuer issuer, Clock clock, SlaRollup rollup) {
        this.cases = cases;
        this.decisions = decisions;
        this.issuer = issuer;
        this.clock = clock;
        this.rollup = rollup;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String reason = (String) execution.getVariable("closeReason");
        if (!"withdrawn".equals(reason)) {
            throw new IllegalArgumentException("closeCase supports closeReason 'withdrawn', not '" + reason + "'");
        }
        String caseId = (String) execution.getVariable("caseId");
        DecisionInfo pending = decisions.findByCase(caseId);
        if (pending != null && DecisionStatus.CO_SIGNING.equals(pending.status())) {
            issuer.discard(caseId);
        }
        cases.close(caseId, CaseStatus.WITHDRAWN, clock.instant());
        rollup.closed(caseId);
    }
}
