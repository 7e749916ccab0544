package tw.kuayu.evidence;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code ${fetchEvidence}}: collects the case's evidence. A failing source fails the job, which the engine retries. */
@Component("fetchEvidence")
public class FetchEvidenceDelegate implements JavaDelegate {

    private final EvidenceCollector collector;

    public FetchEvidenceDelegate(EvidenceCollector collector) {
        this.collector = collector;
    }

    @Override
    public void execute(DelegateExecution execution) {
        collector.collect((String) execution.getVariable("caseId"));
    }
}
