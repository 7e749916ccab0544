package tw.kuayu.cases;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Statutory periods counted in working days (工作天), in Taipei time. This first cut counts
 * Monday to Friday; national holidays and make-up workdays come with the holiday calendar.
 */
public final class WorkingDays {

    private WorkingDays() {
    }

    /** The end of the {@code days}-th working day after the day of receipt. */
    public static Instant dueAt(Instant receivedAt, int days) {
        LocalDate date = receivedAt.atZone(Counters.TAIPEI).toLocalDate();
        int counted = 0;
        while (counted < days) {
            date = date.plusDays(1);
            if (isWorkingDay(date)) {
                counted++;
            }
        }
        return date.atTime(LocalTime.of(23, 59, 59)).atZone(Counters.TAIPEI).toInstant();
    }

    /** Working days after {@code from}'s day up to and including {@code to}'s day (0 when on the same day). */
    public static int between(Instant from, Instant to) {
        LocalDate date = from.atZone(Counters.TAIPEI).toLocalDate();
        LocalDate end = to.atZone(Counters.TAIPEI).toLocalDate();
        int days = 0;
        while (date.isBefore(end)) {
            date = date.plusDays(1);
            if (isWorkingDay(date)) {
                days++;
            }
        }
        return days;
    }

    public static boolean isWorkingDay(LocalDate date) {
        return date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY;
    }
}
