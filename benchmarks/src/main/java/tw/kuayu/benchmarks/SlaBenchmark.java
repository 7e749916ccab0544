package tw.kuayu.benchmarks;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;

/**
 * Issue 5's SLA benchmark: {@code GET /api/sla/summary} as the manager over 1,000,000 finished
 * and 50,000 open cases (four case types, their owning agencies, three years of history, about one
 * in ten decided late and a quarter of the open ones overdue) on PostgreSQL: the whole history, the
 * last year, and one agency; the overdue list's first page alongside. Right after the bulk load and
 * after VACUUM ANALYZE. The summary's totals are checked against SQL first.
 */
public final class SlaBenchmark {

    static final long FINISHED = Long.getLong("bench.finished", 1_000_000);
    static final long OPEN = Long.getLong("bench.open", 50_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    static final int PER_ROUND = Integer.getInteger("bench.perRound", 10);

    private final List<String[]> table = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        Scale.header("SLA benchmark (issue 5): GET /api/sla/summary over finished and open cases",
                String.format("%,d finished, %,d open cases; %d rounds × %d calls per scenario, interleaved", FINISHED, OPEN, ROUNDS, PER_ROUND));
        long t0 = System.nanoTime();
        SlaBenchmark bench = new SlaBenchmark();
        try (BenchPostgres postgres = new BenchPostgres(); KuayuApp app = new KuayuApp(postgres.database("sla"), "postgres", "")) {
            bench.run(app);
        }
        bench.print();
        System.out.println("\nbottleneck view (issue 5): not on main when this was written, not measured");
        Scale.footer(t0);
        System.exit(0);
    }

    void run(KuayuApp app) throws Exception {
        BulkLoad load = new BulkLoad(app.dataSource());
        load.autovacuum(false);
        Instant now = Instant.now();
        double finished = load.finishedCases(1, FINISHED, now);
        double open = load.openCases(1, OPEN, now);
        System.out.printf("%nloaded %,d finished cases in %.1f s, %,d open cases with their tasks in %.1f s%n", FINISHED, finished, OPEN, open);
        List<Samples.Scenario> scenarios = scenarios(new Http(app.port), now);
        verify(new Http(app.port), load);
        measure("right after load", scenarios, 2);
        double vacuum = load.vacuumAnalyze();
        load.autovacuum(true);
        System.out.printf("VACUUM ANALYZE: %.1f s%n", vacuum);
        measure("after VACUUM ANALYZE", scenarios, 5);
        if (Boolean.getBoolean("bench.explain")) {
            System.out.println(load.explain(SUMMARY_SQL));
        }
    }

    /** SlaMapper.summary without filters, for EXPLAIN. */
    static final String SUMMARY_SQL = "SELECT c.owner_agency, c.case_type, COUNT(*), "
            + "SUM(CASE WHEN c.closed_at IS NOT NULL AND c.status <> 'withdrawn' THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN c.closed_at IS NOT NULL AND c.status <> 'withdrawn' AND c.closed_at <= c.due_at THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN c.status = 'withdrawn' THEN 1 ELSE 0 END), SUM(CASE WHEN c.closed_at IS NULL THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN c.closed_at IS NULL AND c.due_at < COALESCE(c.clock_stopped_at, now()) THEN 1 ELSE 0 END) "
            + "FROM kuayu_case c GROUP BY c.owner_agency, c.case_type ORDER BY c.owner_agency, c.case_type";

    static List<Samples.Scenario> scenarios(Http http, Instant now) {
        LocalDate today = now.atZone(ZoneId.of("Asia/Taipei")).toLocalDate();
        return List.of(
                scenario(http, "GET /api/sla/summary (all history)", "/api/sla/summary"),
                scenario(http, "GET /api/sla/summary (last 12 months)", "/api/sla/summary?from=" + today.minusYears(1) + "&to=" + today),
                scenario(http, "GET /api/sla/summary?agency=tpe-udd", "/api/sla/summary?agency=tpe-udd"),
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
        System.out.printf("checked: the summary shows %,d received, %,d open, %,d overdue, as SQL counts them%n", received, openCases, overdue);
    }

    private void measure(String phase, List<Samples.Scenario> scenarios, int warmup) throws Exception {
        for (Samples.Figures f : Samples.interleaved(scenarios, warmup, ROUNDS, PER_ROUND)) {
            table.add(new String[] {phase, f.name(), String.format("%.0f", f.median()), String.format("%.0f", f.p95()),
                    String.format("%.0f", f.max()), f.name().contains("summary") ? "< 300" : ""});
        }
    }

    private void print() {
        System.out.printf("%n%-20s | %-42s | %9s | %7s | %7s | %s%n", "phase", "scenario", "median ms", "p95 ms", "max ms", "target p95 ms");
        for (String[] row : table) {
            System.out.printf("%-20s | %-42s | %9s | %7s | %7s | %s%n", (Object[]) row);
        }
    }
}
