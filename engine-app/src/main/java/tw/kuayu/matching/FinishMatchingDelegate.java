package tw.kuayu.matching;

import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code ${finishMatching}}: every chunk is done; the job is completed and its result file can be downloaded. */
@Component("finishMatching")
public class FinishMatchingDelegate implements JavaDelegate {

    private final MatchingMapper mapper;
    private final Clock clock;

    public FinishMatchingDelegate(MatchingMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        mapper.finish((String) execution.getVariable("matchingJobId"), clock.instant());
    }
}
