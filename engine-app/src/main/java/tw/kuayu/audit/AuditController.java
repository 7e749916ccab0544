package tw.kuayu.audit;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.audit.ChainVerifier.Verification;
import tw.kuayu.audit.DataAccessLogMapper.ChainRow;
import tw.kuayu.audit.DataAccessLogMapper.Filter;
import tw.kuayu.web.ApiException;
import tw.kuayu.web.CsvWriter;

/**
 * The audit logs for auditors: the data-access log and the audit-event log (e.g. revocations) (the security chain admits the {@code auditors} group only):
 * search, CSV export and the hash chain check. Applicants appear masked only.
 */
@RestController
public class AuditController {

    static final String TOTAL_HEADER = "X-Total-Count";

    private final DataAccessLogMapper log;
    private final AuditEventMapper events;
    private final ChainVerifier verifier;

    public AuditController(DataAccessLogMapper log, AuditEventMapper events, ChainVerifier verifier) {
        this.log = log;
        this.events = events;
        this.verifier = verifier;
    }

    @GetMapping("/api/audit/data-access")
    public ResponseEntity<?> dataAccess(@RequestParam(required = false) String caseId,
                                        @RequestParam(required = false) String applicant,
                                        @RequestParam(required = false) String user,
                                        @RequestParam(required = false) String agency,
                                        @RequestParam(required = false) String from,
                                        @RequestParam(required = false) String to,
                                        @RequestParam(required = false) Integer page,
                                        @RequestParam(required = false) Integer size,
                                        @RequestParam(required = false) String format,
                                        @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        boolean csv = "csv".equalsIgnoreCase(format) || accept != null && accept.contains("text/csv");
        Filter filter = AuditSearch.filter(caseId, applicant, user, agency, from, to, page, size, csv);
        long total = log.count(filter);
        checkExportSize(csv, filter.limit(), total);
        List<ChainRow> rows = log.search(filter);
        return csv ? csvAnswer(total, "data-access.csv", AuditCsv.render(rows))
                : jsonAnswer(total, rows.stream().map(ChainRow::entry).toList());
    }

    @GetMapping("/api/audit/data-access/verify")
    public Verification verify() {
        return verifier.verify();
    }

    /** Audit events (稽核事件) such as decision revocations, oldest first, with their place in the hash chain. */
    @GetMapping("/api/audit/events")
    public ResponseEntity<?> events(@RequestParam(required = false) String caseId,
                                    @RequestParam(required = false) String type,
                                    @RequestParam(required = false) String user,
                                    @RequestParam(required = false) String agency,
                                    @RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to,
                                    @RequestParam(required = false) Integer page,
                                    @RequestParam(required = false) Integer size,
                                    @RequestParam(required = false) String format,
                                    @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        boolean csv = "csv".equalsIgnoreCase(format) || accept != null && accept.contains("text/csv");
        AuditEventMapper.Filter filter = AuditSearch.eventFilter(caseId, type, user, agency, from, to, page, size, csv);
        long total = events.count(filter);
        checkExportSize(csv, filter.limit(), total);
        List<AuditEventMapper.EventRow> rows = events.search(filter);
        return csv ? csvAnswer(total, "audit-events.csv", AuditCsv.renderEvents(rows)) : jsonAnswer(total, rows);
    }

    /** A whole-log CSV export (no page asked for) is refused above {@link AuditSearch#MAX_EXPORT} rows. */
    private static void checkExportSize(boolean csv, Integer limit, long total) {
        if (csv && limit == null && total > AuditSearch.MAX_EXPORT) {
            throw ApiException.badRequest("符合條件的紀錄共 " + total + " 筆，超過單次匯出上限 " + AuditSearch.MAX_EXPORT
                    + " 筆，請縮小查詢期間或條件，或以 page、size 分批匯出。", List.of());
        }
    }

    private static ResponseEntity<?> csvAnswer(long total, String fileName, byte[] csv) {
        return ResponseEntity.ok().header(TOTAL_HEADER, Long.toString(total)).contentType(MediaType.parseMediaType(CsvWriter.MEDIA_TYPE))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"").body(csv);
    }

    private static ResponseEntity<?> jsonAnswer(long total, Object body) {
        return ResponseEntity.ok().header(TOTAL_HEADER, Long.toString(total)).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @GetMapping("/api/audit/events/verify")
    public Verification verifyEvents() {
        return verifier.verifyEvents();
    }
}
