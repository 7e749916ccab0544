package tw.kuayu.sla;

import java.time.Clock;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.security.CurrentUsers;
import tw.kuayu.web.CsvWriter;

/**
 * The managers' SLA reports (the security chain admits city-wide and agency managers only to
 * {@code /api/sla/**}; {@link SlaScope} limits what each sees): summary, trend, step durations,
 * bottlenecks and overdue cases, each also as CSV ({@code ?format=csv}). Filters: {@code from},
 * {@code to} (received date, Taipei), {@code agency}, {@code caseType}; {@code step} for bottlenecks.
 */
@RestController
public class SlaController {

    static final String TOTAL_HEADER = "X-Total-Count";

    private final SlaReports reports;
    private final Catalog catalog;
    private final Clock clock;
    private final CurrentUsers users;

    public SlaController(SlaReports reports, Catalog catalog, Clock clock, CurrentUsers users) {
        this.reports = reports;
        this.catalog = catalog;
        this.clock = clock;
        this.users = users;
    }

    @GetMapping("/api/sla/summary")
    public ResponseEntity<?> summary(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                     @RequestParam(required = false) String agency, @RequestParam(required = false) String caseType,
                                     @RequestParam(required = false) String format) {
        SlaSummary summary = reports.summary(caseFilter(from, to, agency, caseType));
        return csv(format) ? csvAnswer("sla-summary.csv", SlaCsv.summary(summary)) : ResponseEntity.ok(summary);
    }

    @GetMapping("/api/sla/steps")
    public ResponseEntity<?> steps(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                   @RequestParam(required = false) String agency, @RequestParam(required = false) String caseType,
                                   @RequestParam(required = false) String format) {
        StepDurations steps = reports.steps(stepFilter(from, to, agency, caseType, null));
        return csv(format) ? csvAnswer("sla-steps.csv", SlaCsv.steps(steps)) : ResponseEntity.ok(steps);
    }

    @GetMapping("/api/sla/trend")
    public ResponseEntity<?> trend(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                   @RequestParam(required = false) String agency, @RequestParam(required = false) String caseType,
                                   @RequestParam(required = false) String format) {
        SlaTrend trend = reports.trend(caseFilter(from, to, agency, caseType));
        return csv(format) ? csvAnswer("sla-trend.csv", SlaCsv.trend(trend)) : ResponseEntity.ok(trend);
    }

    @GetMapping("/api/sla/bottlenecks")
    public ResponseEntity<?> bottlenecks(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                         @RequestParam(required = false) String agency, @RequestParam(required = false) String caseType,
                                         @RequestParam(required = false) String step, @RequestParam(required = false) String format) {
        Bottlenecks bottlenecks = reports.bottlenecks(stepFilter(from, to, agency, caseType, step));
        return csv(format) ? csvAnswer("sla-bottlenecks.csv", SlaCsv.bottlenecks(bottlenecks)) : ResponseEntity.ok(bottlenecks);
    }

    @GetMapping("/api/sla/overdue")
    public ResponseEntity<?> overdue(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                     @RequestParam(required = false) String agency, @RequestParam(required = false) String caseType,
                                     @RequestParam(defaultValue = "0") int page, @RequestParam(required = false) Integer size,
                                     @RequestParam(required = false) String format) {
        boolean csv = csv(format);
        int pageSize = size != null ? size : csv ? SlaReports.MAX_EXPORT : 50;
        OverduePage overdue = reports.overdue(caseFilter(from, to, agency, caseType), page, pageSize, csv);
        if (csv) {
            return ResponseEntity.ok().header(TOTAL_HEADER, Long.toString(overdue.total()))
                    .contentType(MediaType.parseMediaType(CsvWriter.MEDIA_TYPE))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"sla-overdue.csv\"")
                    .body(SlaCsv.overdue(overdue));
        }
        return ResponseEntity.ok().header(TOTAL_HEADER, Long.toString(overdue.total())).body(overdue);
    }

    /** Case reports: {@code agency} is the owning agency, which must be in the manager's scope. */
    private SlaFilter caseFilter(String from, String to, String agency, String caseType) {
        SlaScope scope = SlaScope.of(users.current(), catalog);
        SlaFilter filter = SlaFilter.parse(from, to, agency, caseType, null, catalog, clock.instant(), scope);
        scope.requireOwnerAgency(filter.agency(), catalog);
        return filter;
    }

    /** Step reports: {@code agency} is the agency doing the step; the scope still limits the rows. */
    private SlaFilter stepFilter(String from, String to, String agency, String caseType, String step) {
        return SlaFilter.parse(from, to, agency, caseType, step, catalog, clock.instant(), SlaScope.of(users.current(), catalog));
    }

    private static boolean csv(String format) {
        if (format == null || format.isBlank() || "json".equalsIgnoreCase(format)) {
            return false;
        }
        if ("csv".equalsIgnoreCase(format)) {
            return true;
        }
        throw tw.kuayu.web.ApiException.badRequest("參數「format」僅接受 csv 或 json。", java.util.List.of("format"));
    }

    private static ResponseEntity<byte[]> csvAnswer(String fileName, byte[] body) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(CsvWriter.MEDIA_TYPE))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"").body(body);
    }
}
