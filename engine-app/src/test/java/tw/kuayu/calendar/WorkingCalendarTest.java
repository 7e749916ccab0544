package tw.kuayu.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.workflow.StatutoryClock;

/** Working-day arithmetic on the bundled government office calendars (2025 to 2027). */
class WorkingCalendarTest {

    final WorkingCalendar calendar = new WorkingCalendar(CalendarFiles.load(null));

    /** 10:00 Taipei time on the given day. */
    static Instant taipei(String date) {
        return LocalDateTime.parse(date + "T10:00").atZone(WorkingCalendar.TAIPEI).toInstant();
    }

    static LocalDate dueDay(Instant due) {
        return due.atZone(WorkingCalendar.TAIPEI).toLocalDate();
    }

    @Test
    void theBundledYearsAreLoaded() {
        assertThat(calendar.years()).contains(2025, 2026, 2027);
    }

    @Test
    void theLunarNewYearIsSkipped() {
        // 2026: 除夕 Mon 16 Feb to 補假 Fri 20 Feb, so the Friday before is followed by Monday 23 Feb
        assertThat(dueDay(calendar.dueAt(taipei("2026-02-13"), 1))).isEqualTo("2026-02-23");
        assertThat(calendar.dueAt(taipei("2026-02-13"), 1)).isEqualTo(Instant.parse("2026-02-23T15:59:59Z"));
        // 2025: 27 Jan (調整放假) to 31 Jan
        assertThat(dueDay(calendar.dueAt(taipei("2025-01-24"), 1))).isEqualTo("2025-02-03");
        assertThat(calendar.between(taipei("2026-02-12"), taipei("2026-02-23"))).isEqualTo(2);
    }

    @Test
    void peaceMemorialDayIsSkippedAndItsSaturdayIsMadeUpOnFriday() {
        assertThat(calendar.isWorkingDay(LocalDate.parse("2025-02-28"))).isFalse();
        // 2026: 228 falls on a Saturday, the office closes Friday 27 Feb instead
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-02-27"))).isFalse();
        assertThat(dueDay(calendar.dueAt(taipei("2026-02-26"), 1))).isEqualTo("2026-03-02");
    }

    @Test
    void aMakeUpSaturdayIsAWorkingDay() {
        // 2025-02-08 補行上班 for the 27 Jan bridge day
        assertThat(calendar.isWorkingDay(LocalDate.parse("2025-02-08"))).isTrue();
        assertThat(dueDay(calendar.dueAt(taipei("2025-02-07"), 1))).isEqualTo("2025-02-08");
        assertThat(calendar.between(taipei("2025-02-07"), taipei("2025-02-10"))).isEqualTo(2);
        assertThat(calendar.isWorkingDay(LocalDate.parse("2025-02-15"))).as("an ordinary Saturday").isFalse();
    }

    @Test
    void theYearEndCrossesIntoTheNextYearsCalendar() {
        // 25 Dec 2026 (行憲紀念日, Fri) and 1 Jan 2027 (開國紀念日, Fri) are both closed
        assertThat(dueDay(calendar.dueAt(taipei("2026-12-24"), 3))).isEqualTo("2026-12-30");
        assertThat(dueDay(calendar.dueAt(taipei("2026-12-30"), 3))).isEqualTo("2027-01-05");
        assertThat(calendar.between(taipei("2026-12-24"), taipei("2027-01-04"))).isEqualTo(5);
    }

    @Test
    void aStoppedClockDoesNotCountTheHolidaysItWasStoppedOver() {
        Instant stopped = taipei("2026-02-12");
        Instant resumed = taipei("2026-02-23");
        Instant dueBefore = calendar.dueAt(taipei("2026-02-10"), 14);
        CaseMapper cases = mock(CaseMapper.class);
        when(cases.clockStoppedAt("c1")).thenReturn(stopped);
        when(cases.findById("c1")).thenReturn(new CaseRecord("c1", "115-TAX-000001", "t", "tpe-tax", "in-progress", "A123456789",
                "王小明", "{}", "p", taipei("2026-02-10"), dueBefore, null, "tax.clerk", null, null));
        DelegateExecution execution = mock(DelegateExecution.class);
        when(execution.getVariable("caseId")).thenReturn("c1");

        new StatutoryClock(cases, Clock.fixed(resumed, ZoneOffset.UTC), calendar).resume(execution);

        // stopped Thu 12 Feb, answered Mon 23 Feb: only Fri 13 Feb and Mon 23 Feb were working days
        verify(cases).resumeClock(eq("c1"), eq(calendar.dueAt(dueBefore, 2)), eq(2));
        assertThat(dueDay(dueBefore)).isEqualTo("2026-03-10");
        assertThat(dueDay(calendar.dueAt(dueBefore, 2))).isEqualTo("2026-03-12");
    }

    @Test
    void anAdministratorsFileReplacesTheBundledYearAndAMissingYearCountsWeekendsOnly(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("2026.csv"), "date,type,name\n2026-03-02,holiday,測試停止上班\n2026-03-07,workday,測試補班\n",
                StandardCharsets.UTF_8);
        WorkingCalendar updated = new WorkingCalendar(CalendarFiles.load(dir.toString()));
        assertThat(updated.isWorkingDay(LocalDate.parse("2026-03-02"))).isFalse();
        assertThat(updated.isWorkingDay(LocalDate.parse("2026-03-07"))).isTrue();
        assertThat(updated.isWorkingDay(LocalDate.parse("2026-02-17"))).as("the bundled 2026 is replaced as a whole").isTrue();
        assertThat(updated.isWorkingDay(LocalDate.parse("2025-02-08"))).as("other years stay bundled").isTrue();

        assertThat(updated.isWorkingDay(LocalDate.parse("2031-01-01"))).as("no file for 2031: weekdays work").isTrue();
        assertThat(updated.isWorkingDay(LocalDate.parse("2031-01-04"))).isFalse();
    }

    @Test
    void aMalformedFileStopsTheStartWithItsLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("2026.csv"), "date,type,name\n2026-03-02,holiday,ok\n2026-13-01,holiday,壞日期\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CalendarFiles.load(dir.toString())).hasMessageContaining("2026.csv line 3");
        Files.writeString(dir.resolve("2026.csv"), "2027-01-01,holiday,wrong year\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CalendarFiles.load(dir.toString())).hasMessageContaining("not in 2026");
        assertThatThrownBy(() -> CalendarFiles.load(dir.resolve("missing").toString())).hasMessageContaining("not a directory");
    }
}
