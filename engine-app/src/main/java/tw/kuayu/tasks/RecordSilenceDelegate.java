package tw.kuayu.tasks;

import java.time.Clock;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import tw.kuayu.tasks.OpinionMapper.Opinion;

/**
 * {@code ${recordSilence}}: a reviewing agency let its joint-review deadline pass and the model
 * says silence counts as no objection (逾期視為無意見); that is recorded as the agency's opinion.
 */
@Component("recordSilence")
public class RecordSilenceDelegate implements JavaDelegate {

    static final String SILENCE = "逾期未表示意見，依規定視為無意見。";

    private final OpinionMapper opinions;
    private final Clock clock;

    public RecordSilenceDelegate(OpinionMapper opinions, Clock clock) {
        this.opinions = opinions;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        opinions.insert(new Opinion(UUID.randomUUID().toString(), (String) execution.getVariable("caseId"), execution.getActivityInstanceId(), "jointReview",
                "會辦審查", (String) execution.getVariable("reviewAgency"), "system", "silent", SILENCE, clock.instant()));
    }
}
