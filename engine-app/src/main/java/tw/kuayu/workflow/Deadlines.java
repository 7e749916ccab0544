package tw.kuayu.workflow;

import java.time.Clock;
import java.util.Date;
import org.springframework.stereotype.Component;
import tw.kuayu.calendar.WorkingCalendar;

/** {@code ${deadlines.workingDaysFromNow(n)}}: timer dates in working days, for reviewer and correction deadlines. */
@Component("deadlines")
public class Deadlines {

    private final Clock clock;
    private final WorkingCalendar calendar;

    public Deadlines(Clock clock, WorkingCalendar calendar) {
        this.clock = clock;
        this.calendar = calendar;
    }

    public Date workingDaysFromNow(Object days) {
        int n = days instanceof Number number ? number.intValue() : Integer.parseInt(String.valueOf(days));
        return Date.from(calendar.dueAt(clock.instant(), n));
    }
}
