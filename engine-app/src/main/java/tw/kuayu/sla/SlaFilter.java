package tw.kuayu.sla;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.web.ApiException;

/**
 * The filter of every SLA report: cases received from {@code from} to {@code to} (ISO dates in
 * Taipei time, both inclusive; {@code to} is held as the start of the day after), the agency and
 * the case type; {@code now} is the time overdue is measured against; {@code step} narrows the
 * bottleneck view to one step; {@code scope} is the manager's agencies (null: every agency, see {@link SlaScope}).
 */
public record SlaFilter(LocalDate fromDate, LocalDate toDate, Instant from, Instant to, String agency, String caseType, Instant now,
                        String step, java.util.Set<String> scope) {

    static SlaFilter parse(String from, String to, String agency, String caseType, String step, Catalog catalog, Instant now,
                           SlaScope scope) {
        List<String> errors = new ArrayList<>();
        LocalDate fromDate = date("from", from, errors);
        LocalDate toDate = date("to", to, errors);
        if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
            errors.add("from: 起日（" + fromDate + "）不可晚於迄日（" + toDate + "）");
        }
        String a = blankToNull(agency);
        if (a != null && !catalog.isAgency(a)) {
            errors.add("agency: 未知的機關代碼「" + a + "」，可用代碼：" + String.join("、", catalog.agencyKeys().stream().sorted().toList()));
        }
        String t = blankToNull(caseType);
        if (t != null && catalog.caseType(t).isEmpty()) {
            errors.add("caseType: 未知的案件類型「" + t + "」，可用類型請見 GET /api/case-types");
        }
        String st = blankToNull(step);
        if (st != null && !st.matches("[A-Za-z0-9_.-]{1,255}")) {
            errors.add("step: 步驟代碼只含英數字、底線、連字號與句點（例如 jointReview），收到「" + st + "」");
        }
        if (!errors.isEmpty()) {
            throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "查詢條件有誤",
                    "查詢條件有 " + errors.size() + " 處需要更正：" + String.join("；", errors), errors);
        }
        return new SlaFilter(fromDate, toDate, fromDate == null ? null : startOf(fromDate), toDate == null ? null : startOf(toDate.plusDays(1)),
                a, t, now, blankToNull(step), scope.agencies());
    }

    private static Instant startOf(LocalDate date) {
        return date.atStartOfDay(WorkingCalendar.TAIPEI).toInstant();
    }

    private static LocalDate date(String name, String value, List<String> errors) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            errors.add(name + ": 須為 ISO 日期（例如 2026-03-01，臺北時間），收到「" + value + "」");
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
