package tw.kuayu.workflow;

import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseStatus;

/** {@code ${closeCase}}: closes a case without a decision, today only when the applicant withdrew (撤回). */
@Component("closeCase")
public class CloseCaseDelegate implements JavaDelegate {

    private final CaseMapper cases;
    private final Clock clock;

    public CloseCaseDelegate(CaseMapper cases, Clock clock) {
        this.cases = cases;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String reason = (String) execution.getVariable("closeReason");
        if (!"withdrawn".equals(reason)) {
            throw new IllegalArgumentException("closeCase supports closeReason 'withdrawn', not '" + reason + "'");
        }
        cases.close((String) execution.getVariable("caseId"), CaseStatus.WITHDRAWN, clock.instant());
    }
}
