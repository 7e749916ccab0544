package tw.kuayu.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import tw.kuayu.audit.DataAccessLogMapper.Filter;
import tw.kuayu.web.ApiException;

/**
 * The query parameters of {@code GET /api/audit/data-access}, checked, as a {@link Filter}. At
 * least one criterion or a time bound is required: the whole log is not handed out in one call.
 */
final class AuditSearch {

    static final int DEFAULT_SIZE = 100;
    static final int MAX_SIZE = 1000;
    /** Most rows a CSV export holds; a wider search is refused so an export is never silently cut short. */
    static final int MAX_EXPORT = 100_000;

    private AuditSearch() {
    }

    static Filter filter(String caseId, String applicant, String user, String agency, String from, String to,
                         Integer page, Integer size, boolean export) {
        caseId = blankToNull(caseId);
        applicant = blankToNull(applicant);
        user = blankToNull(user);
        agency = blankToNull(agency);
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (caseId == null && applicant == null && user == null && agency == null && start == null && end == null) {
            throw ApiException.badRequest("請至少指定一個查詢條件（caseId、applicant、user、agency）或查詢期間（from、to）。", List.of());
        }
        if (applicant != null && !applicant.matches("[A-Za-z][0-9]{9}")) {
            throw ApiException.badRequest("參數「applicant」須為身分證統一編號（1 個英文字母加 9 位數字）。", List.of());
        }
        if (start != null && end != null && !start.isBefore(end)) {
            throw ApiException.badRequest("參數「from」須早於「to」。", List.of());
        }
        if (page != null && page < 0 || size != null && (size < 1 || size > MAX_SIZE)) {
            throw ApiException.badRequest("分頁參數有誤：page 須大於或等於 0，size 須介於 1 與 " + MAX_SIZE + " 之間。", List.of());
        }
        Integer limit = size != null ? size
                : export || caseId != null && page == null ? null // a case's lookups and exports come whole, as before
                : DEFAULT_SIZE;
        long offset = limit == null ? 0 : (long) (page == null ? 0 : page) * limit;
        return new Filter(caseId, applicant == null ? null : applicant.toUpperCase(), user, agency, start, end, offset, limit);
    }

    /**
     * The query parameters of {@code GET /api/audit/events}, checked. Unlike the data-access log
     * no criterion is required: the event log is small (one entry per revocation); it still pages.
     */
    static AuditEventMapper.Filter eventFilter(String caseId, String type, String user, String agency, String from, String to,
                                               Integer page, Integer size, boolean export) {
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw ApiException.badRequest("參數「from」須早於「to」。", List.of());
        }
        if (page != null && page < 0 || size != null && (size < 1 || size > MAX_SIZE)) {
            throw ApiException.badRequest("分頁參數有誤：page 須大於或等於 0，size 須介於 1 與 " + MAX_SIZE + " 之間。", List.of());
        }
        Integer limit = size != null ? size : export ? null : DEFAULT_SIZE;
        long offset = limit == null ? 0 : (long) (page == null ? 0 : page) * limit;
        return new AuditEventMapper.Filter(blankToNull(caseId), blankToNull(type), blankToNull(user), blankToNull(agency), start, end,
                offset, limit);
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("參數「" + name + "」須為 ISO 8601 UTC 時間，例如 2026-03-01T00:00:00Z（臺北時間減 8 小時）。", List.of());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
