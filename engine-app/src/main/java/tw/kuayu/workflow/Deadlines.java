package tw.kuayu.workflow;

import java.time.Clock;
import java.util.Date;
import org.springframework.stereotype.Component;
import tw.kuayu.cases.WorkingDays;

/** {@code ${deadlines.workingDaysFromNow(n)}}: timer dates in working days, for reviewer and correction deadlines. */
@Component("deadlines")
public class Deadlines {

    private final Clock clock;

    public Deadlines(Clock clock) {
        this.clock = clock;
    }

    public Date workingDaysFromNow(Object days) {
        int n = days instanceof Number number ? number.intValue() : Integer.parseInt(String.valueOf(days));
        return Date.from(WorkingDays.dueAt(clock.instant(), n));
    }
}
