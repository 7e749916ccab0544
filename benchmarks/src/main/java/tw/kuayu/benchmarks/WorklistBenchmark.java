package tw.kuayu.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.tasks.Worklist;
import tw.kuayu.tasks.WorklistMapper;
import tw.kuayu.tasks.WorklistQuery;

/**
 * Issue 9's worklist benchmark: {@code GET /api/tasks} (first page of 50, newest first) for a
 * caseworker of one agency ({@code tax.clerk}, group {@code tpe-tax}) with 100,000 and 1,000,000
 * open tasks spread over ten groups, on PostgreSQL, against bare Camunda's candidate-group task
 * query (newest 50) on the same data in the same run: right after the bulk load (autovacuum off,
 * no statistics) and after VACUUM ANALYZE. Every scenario's page is checked against SQL over the
 * engine's own tables first. Run by scripts/benchmark-scale.sh; figures in docs/benchmarks.md.
 */
public final class WorklistBenchmark {

    static final String USER = "tax.clerk";
    static final String GROUP = "tpe-tax";
    static final List<Long> SIZES = Scale.sizes("bench.sizes", "100000,1000000");
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    static final int PER_ROUND = Integer.getInteger("bench.perRound", 40);

    private final List<String[]> table = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        Scale.header("Worklist benchmark (issue 9): GET /api/tasks against bare Camunda's candidate-group query",
                "sizes " + SIZES + ", " + ROUNDS + " rounds × " + PER_ROUND + " calls per scenario, interleaved");
        long t0 = System.nanoTime();
        WorklistBenchmark bench = new WorklistBenchmark();
        try (BenchPostgres postgres = new BenchPostgres()) {
            for (long size : SIZES) {
                bench.run(postgres, size);
            }
        }
        bench.print();
        Scale.footer(t0);
        System.exit(0);
    }

    void run(BenchPostgres postgres, long size) throws Exception {
        try (KuayuApp app = new KuayuApp(postgres.database("worklist_" + size), "postgres", "")) {
            BulkLoad load = new BulkLoad(app.dataSource());
            load.autovacuum(false);
            Instant now = Instant.now();
            double seconds = load.openCases(1, size, now);
            System.out.printf("%n%,d open tasks loaded in %.1f s (%,.0f cases/s, six tables)%n", size, seconds, size / seconds);
            Probe probe = new Probe(app, load);
            probe.verify();
            measure(size, "right after load", probe, 5);
            probe.explain("right after load");
            double vacuum = load.vacuumAnalyze();
            load.autovacuum(true);
            System.out.printf("VACUUM ANALYZE of the six tables: %.1f s%n", vacuum);
            probe.verify();
            measure(size, "after VACUUM ANALYZE", probe, 20);
            probe.explain("after VACUUM ANALYZE");
        }
    }

    private void measure(long size, String phase, Probe probe, int warmup) throws Exception {
        for (Samples.Figures f : Samples.interleaved(probe.scenarios(), warmup, ROUNDS, PER_ROUND)) {
            String target = f.name().startsWith("Kuayu GET") ? (size <= 100_000 ? "< 5" : "< 10") : "";
            String[] row = {String.format("%,d", size), phase, f.name(), String.format("%.1f", f.median()),
                    String.format("%.1f", f.p95()), String.format("%.1f", f.max()), target};
            table.add(row);
            System.out.printf("%10s | %-20s | %-58s | %9s | %7s | %7s | %s%n", (Object[]) row);
        }
        System.out.println("load now: " + ThroughputBenchmark.load());
    }

    private void print() {
        System.out.printf("%n%-10s | %-20s | %-58s | %9s | %7s | %7s | %s%n", "open tasks", "phase", "scenario", "median ms", "p95 ms",
                "max ms", "target p95 ms");
        for (String[] row : table) {
            System.out.printf("%10s | %-20s | %-58s | %9s | %7s | %7s | %s%n", (Object[]) row);
        }
    }

    /** The scenarios on one loaded database, and the checks of their answers. */
    static final class Probe {

        private static final String CASEWORKER_PAGE = "SELECT t.id_ FROM act_ru_task t WHERE t.assignee_ = ? OR (t.assignee_ IS NULL AND EXISTS "
                + "(SELECT 1 FROM act_ru_identitylink l WHERE l.task_id_ = t.id_ AND l.type_ = 'candidate' AND l.group_id_ = ?)) "
                + "ORDER BY t.create_time_ DESC, t.id_";
        private static final String BARE_PAGE = "SELECT t.id_ FROM act_ru_task t WHERE t.assignee_ IS NULL AND EXISTS "
                + "(SELECT 1 FROM act_ru_identitylink l WHERE l.task_id_ = t.id_ AND l.type_ = 'candidate' AND l.group_id_ = ?) "
                + "ORDER BY t.create_time_ DESC, t.id_";

        /** The first page as the worklist page asks for it: 50 newest, no filter. */
        static final WorklistQuery.Params PARAMS = new WorklistQuery.Params(0, 50, null, null, null, false, false, false, false, null, null);

        private final KuayuApp app;
        private final Http http;
        private final BulkLoad load;
        private final Worklist worklist;
        private final TaskService tasks;
        private final IdentityService identity;

        Probe(KuayuApp app, BulkLoad load) {
            this.app = app;
            this.http = new Http(app.port);
            this.load = load;
            this.worklist = app.context.getBean(Worklist.class);
            ProcessEngine engine = app.context.getBean(ProcessEngine.class);
            this.tasks = engine.getTaskService();
            this.identity = engine.getIdentityService();
        }

        List<Samples.Scenario> scenarios() {
            return List.of(
                    new Samples.Scenario("Kuayu GET /api/tasks (HTTP, Basic auth, page + total)", () -> kuayuHttp(USER)),
                    new Samples.Scenario("Kuayu worklist in process (Worklist.page: page + total)", this::kuayuInProcess),
                    new Samples.Scenario("bare Camunda TaskQuery, no authorization (Java API)", () -> bare(false)),
                    authorizedBare(),
                    authorizedBareRest());
        }

        /** Camunda's query with authorization checks joins ACT_RU_AUTHORIZATION; without statistics it can run for minutes. */
        Samples.Scenario authorizedBare() {
            return new Samples.Scenario("bare Camunda TaskQuery, authorization checks (Java API)", () -> bare(true), this::cancelAuthorized);
        }

        Samples.Scenario authorizedBareRest() {
            return new Samples.Scenario("bare Camunda GET /engine-rest/task (HTTP, authorization)", this::bareRest, this::cancelAuthorized);
        }

        private void cancelAuthorized() {
            try {
                load.strings("SELECT pg_cancel_backend(pid)::text FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                        + "AND state = 'active' AND query LIKE '%ACT_RU_AUTHORIZATION A%'");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        JsonNode kuayuHttp(String user) {
            Http.Answer a = http.get("/api/tasks", user);
            if (a.status() != 200) {
                throw new IllegalStateException("GET /api/tasks " + a.status() + ": " + a.body());
            }
            return a.json();
        }

        Object kuayuInProcess() {
            return worklist.page(new CurrentUser(USER, Set.of(GROUP)), PARAMS);
        }

        List<Task> bare(boolean authorized) {
            if (authorized) {
                identity.setAuthentication(USER, List.of(GROUP));
            }
            try {
                return tasks.createTaskQuery().taskCandidateGroup(GROUP).orderByTaskCreateTime().desc().listPage(0, 50);
            } finally {
                identity.clearAuthentication();
            }
        }

        JsonNode bareRest() {
            Http.Answer a = http.get("/engine-rest/task?candidateGroup=" + GROUP + "&sortBy=created&sortOrder=desc&firstResult=0&maxResults=50", USER);
            if (a.status() != 200) {
                throw new IllegalStateException("GET /engine-rest/task " + a.status() + ": " + a.body());
            }
            return a.json();
        }

        /**
         * Each scenario's page against SQL over the engine's own tables (not Kuayu's read model):
         * the caseworker's page is their own tasks and their group's unclaimed ones, newest first;
         * the total is their count up to the cap; bare Camunda's page is the group's unclaimed tasks. Another
         * agency's caseworker sees none of them.
         */
        void verify() throws Exception {
            List<String> expected = load.strings(CASEWORKER_PAGE + " LIMIT 50", USER, GROUP);
            long expectedTotal = load.count("SELECT COUNT(*) FROM (" + CASEWORKER_PAGE + ") x", USER, GROUP);
            JsonNode page = kuayuHttp(USER);
            List<String> ids = new ArrayList<>();
            page.path("items").forEach(i -> ids.add(i.path("id").asText()));
            check("Kuayu page", expected, ids);
            // the total is exact up to the cap and "at least the cap" past it (WorklistMapper.COUNT_CAP)
            long shownTotal = Math.min(expectedTotal, WorklistMapper.COUNT_CAP);
            boolean exact = expectedTotal < WorklistMapper.COUNT_CAP;
            if (page.path("total").asLong() != shownTotal || page.path("totalExact").asBoolean() != exact) {
                throw new IllegalStateException("Kuayu total " + page.path("total") + " (exact: " + page.path("totalExact")
                        + "), expected " + shownTotal + " (exact: " + exact + ")");
            }
            for (JsonNode other : kuayuHttp("udd.clerk").path("items")) {
                if (!other.path("agency").asText().equals("tpe-udd")) {
                    throw new IllegalStateException("udd.clerk sees a task of " + other.path("agency"));
                }
            }
            List<String> bareExpected = load.strings(BARE_PAGE + " LIMIT 50", GROUP);
            check("bare Camunda page", bareExpected, bare(false).stream().map(Task::getId).toList());
            java.util.concurrent.atomic.AtomicReference<List<String>> authorized = new java.util.concurrent.atomic.AtomicReference<>();
            if (Samples.withinBudget(new Samples.Scenario("check", () -> authorized.getAndSet(bare(true).stream().map(Task::getId).toList()),
                    this::cancelAuthorized))) {
                check("bare Camunda page with authorization", bareExpected, authorized.get());
                List<String> rest = new ArrayList<>();
                bareRest().forEach(t -> rest.add(t.path("id").asText()));
                check("bare Camunda REST page", bareExpected, rest);
            } else {
                System.out.printf("bare Camunda with authorization checks gave no answer within %d ms (cancelled): not checked%n",
                        Samples.BUDGET_MS);
            }
            System.out.printf("checked: Kuayu's page (50 of %,d) and bare Camunda's pages equal SQL over ACT_RU_TASK/ACT_RU_IDENTITYLINK; "
                    + "udd.clerk sees no tpe-tax task%n", expectedTotal);
        }

        private static void check(String what, List<String> expected, List<String> actual) {
            if (expected.size() != 50 || !expected.equals(actual)) {
                throw new IllegalStateException(what + " differs from SQL: expected " + expected + ", got " + actual);
            }
        }

        /** The plans of Kuayu's two statements for this request (printed with -Dbench.explain=true). */
        void explain(String phase) throws Exception {
            if (!Explain.wanted()) {
                return;
            }
            WorklistQuery query = WorklistQuery.of(new CurrentUser(USER, Set.of(GROUP)), PARAMS, Instant.now(),
                    app.context.getBean(WorkingCalendar.class));
            System.out.printf("%n-- %s: Kuayu page%n%s%n", phase, Explain.of(app, load, WorklistMapper.class, "search", query));
            System.out.printf("%n-- %s: Kuayu total%n%s%n", phase, Explain.of(app, load, WorklistMapper.class, "count", query));
        }
    }
}
