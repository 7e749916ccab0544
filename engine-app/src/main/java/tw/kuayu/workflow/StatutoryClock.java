package tw.kuayu.workflow;

import java.time.Clock;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.calendar.WorkingCalendar;

/**
 * {@code ${statutoryClock.stop(execution)}} / {@code resume(execution)}: the statutory period does
 * not run while the applicant is correcting the application (補正). On resume the case's due date
 * moves by the working days the clock was stopped. Both are idempotent.
 */
@Component("statutoryClock")
public class StatutoryClock {

    private final CaseMapper cases;
    private final Clock clock;
    private final WorkingCalendar calendar;

    public StatutoryClock(CaseMapper cases, Clock clock, WorkingCalendar calendar) {
        this.cases = cases;
        this.clock = clock;
        this.calendar = calendar;
    }

    public void stop(DelegateExecution execution) {
        cases.stopClock(caseId(execution), clock.instant());
    }

    public void resume(DelegateExecution execution) {
        String caseId = caseId(execution);
        Instant stoppedAt = cases.clockStoppedAt(caseId);
        if (stoppedAt == null) {
            return;
        }
        CaseRecord c = cases.findById(caseId);
        int days = calendar.between(stoppedAt, clock.instant());
        cases.resumeClock(caseId, calendar.dueAt(c.dueAt(), days), days);
    }

    private static String caseId(DelegateExecution execution) {
        return (String) execution.getVariable("caseId");
    }
}
