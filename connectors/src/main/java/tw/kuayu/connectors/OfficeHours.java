package tw.kuayu.connectors;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * When a source answers: weekdays from {@code weekdayOpen} to {@code weekdayClose}, Saturdays from
 * {@code saturdayOpen} to {@code saturdayClose} (both null: closed on Saturday), closed on Sunday.
 * Times are local to {@code zone} (default Asia/Taipei).
 */
public record OfficeHours(
        LocalTime weekdayOpen,
        LocalTime weekdayClose,
        LocalTime saturdayOpen,
        LocalTime saturdayClose,
        String zone) {

    public static final String TAIPEI = "Asia/Taipei";

    public OfficeHours {
        Objects.requireNonNull(weekdayOpen, "weekdayOpen");
        Objects.requireNonNull(weekdayClose, "weekdayClose");
        if ((saturdayOpen == null) != (saturdayClose == null)) {
            throw new IllegalArgumentException("saturdayOpen and saturdayClose must both be set or both be null");
        }
        zone = zone == null || zone.isBlank() ? TAIPEI : zone;
        ZoneId.of(zone);
    }

    /** The social-welfare system's hours: weekdays 08:00–20:00, Saturday 08:00–12:00, Asia/Taipei. */
    public static OfficeHours welfareDefault() {
        return new OfficeHours(LocalTime.of(8, 0), LocalTime.of(20, 0), LocalTime.of(8, 0), LocalTime.of(12, 0), TAIPEI);
    }

    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    public boolean isOpen(Instant when) {
        ZonedDateTime local = when.atZone(zoneId());
        LocalTime time = local.toLocalTime();
        DayOfWeek day = local.getDayOfWeek();
        if (day == DayOfWeek.SUNDAY) {
            return false;
        }
        if (day == DayOfWeek.SATURDAY) {
            return saturdayOpen != null && !time.isBefore(saturdayOpen) && time.isBefore(saturdayClose);
        }
        return !time.isBefore(weekdayOpen) && time.isBefore(weekdayClose);
    }

    public boolean isOpen(Clock clock) {
        return isOpen(clock.instant());
    }

    /** zh-TW description for messages, e.g. 週一至週五 08:00–20:00，週六 08:00–12:00. */
    public String describe() {
        String text = "週一至週五 " + weekdayOpen + "–" + weekdayClose;
        return saturdayOpen == null ? text + "，週六、週日休息" : text + "，週六 " + saturdayOpen + "–" + saturdayClose;
    }
}
