package tw.kuayu.benchmarks;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;

/**
 * Issue 5's SLA benchmark: {@code GET /api/sla/summary} and the bottleneck view {@code GET /api/sla/bottlenecks}
 * as the manager over 1,000,000 finished cases (two completed tasks each) and 50,000 open cases (one open task each;
 * four case types, their owning agencies, three years of history, about one in ten decided late and a quarter of the
 * open ones overdue) on PostgreSQL: the whole history, the last year, and one agency; the trend and the overdue list's
 * first page alongside. The SLA rollups (changelog 018) are rebuilt from the loaded rows with the changelog's backfill
 * SQL. Right after the bulk load and after VACUUM ANALYZE. The summary's and bottleneck view's totals are checked
 * against SQL over the rows first.
 */
public final class SlaBenchmark {

    static final long FINISHED = Long.getLong("bench.finished", 1_000_000);
    static final long OPEN = Long.getLong("bench.open", 50_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    static final int PER_ROUND = Integer.getInteger("bench.perRound", 10);

    private final List<String[]> table = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        Scale.header("SLA benchmark (issue 5): GET /api/sla/summary and /api/sla/bottlenecks over finished and open cases",
                String.format("%,d finished, %,d open cases; %d rounds × %d calls per scenario, interleaved", FINISHED, OPEN, ROUNDS, PER_ROUND));
        long t0 = System.nanoTime();
        SlaBenchmark bench = new SlaBenchmark();
        try (BenchPostgres postgres = new BenchPostgres(); KuayuApp app = new KuayuApp(postgres.database("sla"), "postgres", "")) {
            bench.run(app);
        }
        bench.print();
        Scale.footer(t0);
        System.exit(0);
    }

    void run(KuayuApp app) throws Exception {
        BulkLoad load = new BulkLoad(app.dataSource());
        load.autovacuum(false);
        Instant now = Instant.now();
        double finished = load.finishedCases(1, FINISHED, now);
        double open = load.openCases(1, OPEN, now);
        System.out.printf("%nloaded %,d finished cases with their tasks in %.1f s, %,d open cases with their tasks in %.1f s%n", FINISHED, finished,
                OPEN, open);
        System.out.printf("SLA rollups rebuilt from the rows (changelog 018's backfill) in %.1f s: %,d day rows, %,d step rows%n", load.rollups(),
                load.count("SELECT COUNT(*) FROM kuayu_sla_day"), load.count("SELECT COUNT(*) FROM kuayu_sla_step_day"));
        List<Samples.Scenario> scenarios = scenarios(new Http(app.port), now);
        verify(new Http(app.port), load);
        measure("right after load", scenarios, 2);
        double vacuum = load.vacuumAnalyze();
        load.autovacuum(true);
        System.out.printf("VACUUM ANALYZE: %.1f s%n", vacuum);
        measure("after VACUUM ANALYZE", scenarios, 5);
        if (Boolean.getBoolean("bench.explain")) {
            for (String sql : List.of(SUMMARY_ROLLUP_SQL, SUMMARY_OPEN_SQL, BOTTLENECKS_ROLLUP_SQL, BOTTLENECKS_OPEN_SQL, BOTTLENECKS_OPEN_YEAR_SQL)) {
                System.out.println(load.explain(sql) + "\n");
            }
        }
    }

    /** SlaMapper.summaryRollup and summaryOpen without filters, for EXPLAIN. */
    static final String SUMMARY_ROLLUP_SQL = "SELECT d.owner_agency, d.case_type, SUM(d.received), SUM(d.decided), SUM(d.decided_on_time), "
            + "SUM(d.withdrawn) FROM kuayu_sla_day d GROUP BY d.owner_agency, d.case_type HAVING SUM(d.received) > 0";
    static final String SUMMARY_OPEN_SQL = "SELECT c.owner_agency, c.case_type, COUNT(*), "
            + "SUM(CASE WHEN c.closed_at IS NULL AND c.due_at < COALESCE(c.clock_stopped_at, now()) THEN 1 ELSE 0 END) "
            + "FROM kuayu_case c WHERE c.closed_at IS NULL GROUP BY c.owner_agency, c.case_type";
    /** SlaMapper.bottlenecksCompleted and bottlenecksOpen without filters, for EXPLAIN. */
    static final String BOTTLENECKS_ROLLUP_SQL = "SELECT s.step, MAX(s.name), NULLIF(s.agency, '-'), SUM(s.completed), SUM(s.completed_late), "
            + "SUM(s.held_seconds), MAX(s.max_held_seconds) FROM kuayu_sla_step_day s GROUP BY s.step, s.agency HAVING SUM(s.completed) > 0";
    static final String BOTTLENECKS_OPEN_SQL = "SELECT t.step, MAX(t.name), t.agency, COUNT(*), SUM(CASE WHEN t.due_at < now() THEN 1 ELSE 0 END), "
            + "SUM(EXTRACT(EPOCH FROM (now() - t.created_at))), MAX(EXTRACT(EPOCH FROM (now() - t.created_at))), MIN(t.created_at) "
            + "FROM kuayu_task t WHERE t.status = 'open' GROUP BY t.step, t.agency";
    /** The same over the last 12 months' receipts, which needs the (open) case. */
    static final String BOTTLENECKS_OPEN_YEAR_SQL = BOTTLENECKS_OPEN_SQL.replace("FROM kuayu_task t WHERE t.status = 'open'",
            "FROM kuayu_task t JOIN kuayu_case c ON c.id = t.case_id WHERE t.status = 'open' AND c.closed_at IS NULL "
            + "AND c.received_at >= now() - interval '1 year' AND c.received_at < now()");

    static List<Samples.Scenario> scenarios(Http http, Instant now) {
        LocalDate today = now.atZone(ZoneId.of("Asia/Taipei")).toLocalDate();
        return List.of(
                scenario(http, "GET /api/sla/summary (all history)", "/api/sla/summary"),
                scenario(http, "GET /api/sla/summary (last 12 months)", "/api/sla/summary?from=" + today.minusYears(1) + "&to=" + today),
                scenario(http, "GET /api/sla/summary?agency=tpe-udd", "/api/sla/summary?agency=tpe-udd"),
                scenario(http, "GET /api/sla/bottlenecks (all history)", "/api/sla/bottlenecks"),
                scenario(http, "GET /api/sla/bottlenecks (last 12 months)", "/api/sla/bottlenecks?from=" + today.minusYears(1) + "&to=" + today),
                scenario(http, "GET /api/sla/bottlenecks?step=jointReview", "/api/sla/bottlenecks?step=jointReview"),
                scenario(http, "GET /api/sla/trend (all history)", "/api/sla/trend"),
                scenario(http, "GET /api/sla/overdue (first page of 50)", "/api/sla/overdue"));
    }

    static Samples.Scenario scenario(Http http, String name, String path) {
        return new Samples.Scenario(name, () -> {
            Http.Answer a = http.get(path, "manager");
            if (a.status() != 200) {
                throw new IllegalStateException(path + ": " + a.status() + " " + a.body());
            }
            return a;
        });
    }

    /** The summary's received, open and overdue totals equal SQL counts over kuayu_case. */
    static void verify(Http http, BulkLoad load) throws Exception {
        Http.Answer a = http.get("/api/sla/summary", "manager");
        if (a.status() != 200) {
            throw new IllegalStateException("summary " + a.status() + ": " + a.body());
        }
        com.fasterxml.jackson.databind.JsonNode total = a.json().path("total");
        long received = load.count("SELECT COUNT(*) FROM kuayu_case");
        long openCases = load.count("SELECT COUNT(*) FROM kuayu_case WHERE closed_at IS NULL");
        long overdue = load.count("SELECT COUNT(*) FROM kuayu_case WHERE closed_at IS NULL AND due_at < now() AT TIME ZONE 'UTC'");
        if (total.path("received").asLong() != received || total.path("open").asLong() != openCases
                || total.path("overdueOpen").asLong() != overdue) {
            throw new IllegalStateException("summary total " + total + ", SQL: " + received + " received, " + openCases + " open, "
                    + overdue + " overdue");
        }
        long decided = load.count("SELECT COUNT(*) FROM kuayu_case WHERE closed_at IS NOT NULL AND status <> 'withdrawn'");
        long onTime = load.count("SELECT COUNT(*) FROM kuayu_case WHERE closed_at IS NOT NULL AND status <> 'withdrawn' AND closed_at <= due_at");
        if (total.path("decided").asLong() != decided || total.path("decidedOnTime").asLong() != onTime) {
            throw new IllegalStateException("summary total " + total + ", SQL: " + decided + " decided, " + onTime + " on time");
        }
        System.out.printf("checked: the summary shows %,d received, %,d decided (%,d on time), %,d open, %,d overdue, as SQL counts them%n",
                received, decided, onTime, openCases, overdue);
        Http.Answer b = http.get("/api/sla/bottlenecks", "manager");
        long tasks = 0;
        long late = 0;
        for (com.fasterxml.jackson.databind.JsonNode row : b.json().path("rows")) {
            tasks += row.path("tasks").asLong();
            late += row.path("completedLate").asLong();
        }
        long sqlTasks = load.count("SELECT COUNT(*) FROM kuayu_task WHERE status IN ('open', 'completed')");
        long sqlLate = load.count("SELECT COUNT(*) FROM kuayu_task WHERE status = 'completed' AND ended_at > due_at");
        if (b.status() != 200 || tasks != sqlTasks || late != sqlLate) {
            throw new IllegalStateException("bottlenecks " + b.status() + ": " + tasks + " tasks, " + late + " late; SQL: " + sqlTasks + ", " + sqlLate);
        }
        System.out.printf("checked: the bottleneck view shows %,d tasks, %,d completed late, as SQL counts them%n", tasks, late);
    }

    private void measure(String phase, List<Samples.Scenario> scenarios, int warmup) throws Exception {
        for (Samples.Figures f : Samples.interleaved(scenarios, warmup, ROUNDS, PER_ROUND)) {
            table.add(new String[] {phase, f.name(), String.format("%.0f", f.median()), String.format("%.0f", f.p95()),
                    String.format("%.0f", f.max()), f.name().contains("summary") || f.name().contains("bottlenecks") ? "< 300" : ""});
        }
    }

    private void print() {
        System.out.printf("%n%-20s | %-42s | %9s | %7s | %7s | %s%n", "phase", "scenario", "median ms", "p95 ms", "max ms", "target p95 ms");
        for (String[] row : table) {
            System.out.printf("%-20s | %-42s | %9s | %7s | %7s | %s%n", (Object[]) row);
        }
    }
}
