package tw.kuayu.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 7's growth of cost: as the open cases of one Kuayu on PostgreSQL grow from 10,000 to
 * 100,000 to 1,000,000 (bulk-loaded, each waiting in a task of one of ten groups, then VACUUM
 * ANALYZE: the steady state), the latency of filing a case through the API ({@code POST /api/cases},
 * land value tax: case number, process start, evidence job queued), of the worklist
 * ({@code GET /api/tasks} as tax.clerk) and of the SLA summary ({@code GET /api/sla/summary} as the manager).
 */
public final class GrowthBenchmark {

    static final List<Long> SIZES = Scale.sizes("bench.sizes", "10000,100000,1000000");
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    static final int PER_ROUND = Integer.getInteger("bench.perRound", 10);

    private final List<String[]> table = new ArrayList<>();
    private final AtomicLong filed = new AtomicLong();

    public static void main(String[] args) throws Exception {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        Scale.header("Growth benchmark (issue 7): intake, worklist and SLA summary as open cases grow",
                "sizes " + SIZES + ", " + ROUNDS + " rounds × " + PER_ROUND + " calls per scenario, interleaved");
        long t0 = System.nanoTime();
        GrowthBenchmark bench = new GrowthBenchmark();
        try (BenchPostgres postgres = new BenchPostgres(); KuayuApp app = new KuayuApp(postgres.database("growth"), "postgres", "")) {
            bench.run(app);
        }
        bench.print();
        Scale.footer(t0);
        System.exit(0);
    }

    void run(KuayuApp app) throws Exception {
        BulkLoad load = new BulkLoad(app.dataSource());
        Http http = new Http(app.port);
        long loaded = 0;
        for (long size : SIZES) {
            double seconds = load.openCases(loaded + 1, size - loaded, Instant.now());
            // the loaded rows bypass the rollup's listeners: rebuild it, or the SLA summary would count only the API's cases
            double rollups = load.rollups();
            double vacuum = load.vacuumAnalyze();
            System.out.printf("%nopen cases %,d: %,d loaded in %.1f s, SLA rollups rebuilt in %.1f s, VACUUM ANALYZE %.1f s%n", size,
                    size - loaded, seconds, rollups, vacuum);
            loaded = size;
            List<Samples.Scenario> scenarios = List.of(
                    new Samples.Scenario("POST /api/cases (intake)", () -> intake(http)),
                    SlaBenchmark.scenario(http, "GET /api/sla/summary", "/api/sla/summary"),
                    new Samples.Scenario("GET /api/tasks (tax.clerk)", () -> ok(http.get("/api/tasks", "tax.clerk"), "/api/tasks")));
            for (Samples.Figures f : Samples.interleaved(scenarios, 3, ROUNDS, PER_ROUND)) {
                table.add(new String[] {String.format("%,d", size), f.name(), String.format("%.1f", f.median()),
                        String.format("%.1f", f.p95()), String.format("%.1f", f.max())});
            }
        }
        System.out.printf("%n%,d cases filed through the API during the run%n", filed.get());
    }

    private Object intake(Http http) {
        filed.incrementAndGet();
        return ok(http.post("/api/cases", "tax.clerk", Map.of("caseType", KuayuFlows.LAND_TAX,
                "applicant", Map.of("nationalId", "A123456789", "name", "王小明"),
                "data", Map.of("parcelNo", "大安區龍泉段二小段0123-0000"))), "/api/cases", 201);
    }

    private static Http.Answer ok(Http.Answer a, String path) {
        return ok(a, path, 200);
    }

    private static Http.Answer ok(Http.Answer a, String path, int status) {
        if (a.status() != status) {
            throw new IllegalStateException(path + ": " + a.status() + " " + a.body());
        }
        return a;
    }

    private void print() {
        System.out.printf("%n%-10s | %-28s | %9s | %7s | %7s%n", "open cases", "scenario", "median ms", "p95 ms", "max ms");
        for (String[] row : table) {
            System.out.printf("%10s | %-28s | %9s | %7s | %7s%n", (Object[]) row);
        }
    }
}
