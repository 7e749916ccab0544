package tw.kuayu.calendar;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Working days (工作天) of Taiwan's government offices, in Taipei time: Monday to Friday, except the
 * holidays of the year's office calendar (辦公日曆表), plus its make-up workdays (補行上班). A year
 * without a calendar file counts weekends only and is named in a WARN (once at start-up for this
 * year and the next, once when first used otherwise). See {@link CalendarFiles}.
 */
@Component
public class WorkingCalendar {

    public static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);
    private static final Logger log = LoggerFactory.getLogger(WorkingCalendar.class);

    private final Map<Integer, Map<LocalDate, Boolean>> years;
    private final Set<Integer> warned = ConcurrentHashMap.newKeySet();

    @Autowired
    public WorkingCalendar(@Value("${kuayu.calendar.directory:}") String directory, Clock clock) {
        this(CalendarFiles.load(directory));
        int thisYear = clock.instant().atZone(TAIPEI).getYear();
        covered(thisYear);
        covered(thisYear + 1);
        log.info("Holiday calendar loaded for years {}", this.years.keySet());
    }

    public WorkingCalendar(CalendarFiles.Years files) {
        this.years = Map.copyOf(files.days());
    }

    /** The end (23:59:59 Taipei) of the {@code days}-th working day after the day of {@code from}. */
    public Instant dueAt(Instant from, int days) {
        LocalDate date = from.atZone(TAIPEI).toLocalDate();
        int counted = 0;
        while (counted < days) {
            date = date.plusDays(1);
            if (isWorkingDay(date)) {
                counted++;
            }
        }
        return date.atTime(END_OF_DAY).atZone(TAIPEI).toInstant();
    }

    /** Working days after {@code from}'s day up to and including {@code to}'s day; 0 on the same day or when {@code to} is earlier. */
    public int between(Instant from, Instant to) {
        LocalDate date = from.atZone(TAIPEI).toLocalDate();
        LocalDate end = to.atZone(TAIPEI).toLocalDate();
        int days = 0;
        while (date.isBefore(end)) {
            date = date.plusDays(1);
            if (isWorkingDay(date)) {
                days++;
            }
        }
        return days;
    }

    public boolean isWorkingDay(LocalDate date) {
        Map<LocalDate, Boolean> year = years.get(date.getYear());
        if (year == null) {
            covered(date.getYear());
        } else if (year.containsKey(date)) {
            return year.get(date);
        }
        return date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    public Set<Integer> years() {
        return years.keySet();
    }

    private boolean covered(int year) {
        if (years.containsKey(year)) {
            return true;
        }
        if (warned.add(year)) {
            log.warn("No holiday calendar for {}: counting weekends only. Add {}.csv to kuayu.calendar.directory "
                    + "(see docs/operations.md, holiday calendar).", year, year);
        }
        return false;
    }
}
