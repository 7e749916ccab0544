package tw.kuayu.tasks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.web.ApiException;

/**
 * One worklist search, validated: who asks, the filters and the order, ready for {@link WorklistMapper}.
 * The clock filters ({@code overdue}, {@code dueWithinDays}) use the case's statutory due date
 * ({@code caseDueAt}); {@code q} matches a case number prefix, the applicant's whole name or the applicant's whole
 * national ID (names and IDs are stored sealed and found by keyed hash, so part of a name no longer matches); {@code sort=dueAt} orders by the step's deadline, {@code sort=caseDueAt} by the statutory one.
 */
public record WorklistQuery(String user, Set<String> groups, boolean includeHeldByOthers, String caseType, String step,
                            boolean mine, boolean unassigned, boolean overdue, Instant dueBefore, String caseNoPrefix,
                            String applicantName, String applicantId, String sort, boolean descending, Instant now, int offset, int limit) {

    static final int MAX_PAGE_SIZE = 200;
    static final int MAX_DUE_WITHIN = 365;
    static final int MAX_TEXT = 80;
    /** A search text of this shape is also looked up as an applicant's national ID, by its keyed hash. */
    static final java.util.regex.Pattern NATIONAL_ID = java.util.regex.Pattern.compile("[A-Za-z][0-9]{9}");
    static final List<String> SORTS = List.of("createdAt", "dueAt", "caseDueAt", "caseNo");

    /** The request parameters of {@code GET /api/tasks}, as given. */
    public record Params(int page, int size, String caseType, String step, Integer dueWithinDays, boolean overdue, boolean mine,
                         boolean unassigned, boolean includeHeldByOthers, String q, String sort) {
    }

    public static WorklistQuery of(CurrentUser user, Params p, Instant now, WorkingCalendar calendar) {
        List<String> errors = new ArrayList<>();
        if (p.page() < 0) {
            errors.add("page: 須大於或等於 0");
        } else if ((long) p.page() * p.size() > Integer.MAX_VALUE) {
            errors.add("page: 超出可查詢的範圍");
        }
        if (p.size() < 1 || p.size() > MAX_PAGE_SIZE) {
            errors.add("size: 須介於 1 到 " + MAX_PAGE_SIZE);
        }
        if (p.dueWithinDays() != null && (p.dueWithinDays() < 0 || p.dueWithinDays() > MAX_DUE_WITHIN)) {
            errors.add("dueWithinDays: 須介於 0 到 " + MAX_DUE_WITHIN + " 個工作天");
        }
        if (p.mine() && p.unassigned()) {
            errors.add("mine, unassigned: 不可同時指定");
        }
        String caseType = text("caseType", p.caseType(), errors);
        String step = text("step", p.step(), errors);
        String q = text("q", p.q(), errors);
        String sort = p.sort() == null || p.sort().isBlank() ? "-createdAt" : p.sort().strip();
        boolean descending = sort.startsWith("-");
        String key = descending ? sort.substring(1) : sort;
        if (!SORTS.contains(key)) {
            errors.add("sort: 須為 " + String.join("、", SORTS) + " 其中之一，可加 - 表示遞減");
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("查詢條件或分頁參數有誤，請修正後再試。", errors);
        }
        Instant dueBefore = p.dueWithinDays() == null ? null : calendar.dueAt(now, p.dueWithinDays());
        return new WorklistQuery(user.id(), user.groups(), p.includeHeldByOthers(), caseType, step, p.mine(), p.unassigned(),
                p.overdue(), dueBefore, q == null ? null : escape(q.toUpperCase(Locale.ROOT)) + "%",
                q, q != null && NATIONAL_ID.matcher(q).matches() ? q.toUpperCase(Locale.ROOT) : null,
                key, descending, now, p.page() * p.size(), p.size());
    }

    private static String text(String name, String value, List<String> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            errors.add(name + ": 最多 " + MAX_TEXT + " 字");
        }
        return value.strip();
    }

    /** LIKE patterns take the search text literally ({@code ESCAPE '!'}). */
    static String escape(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
