package tw.kuayu.benchmarks;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import javax.sql.DataSource;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.runtime.Job;

/**
 * Issue 7's history cleanup, measured: how fast Camunda's removal-time-based history cleanup, with
 * Kuayu's settings (application.yaml: batch size 500, degree of parallelism 1), removes the engine
 * history of finished cases whose retention has passed, while Kuayu's own tables (case, decision,
 * evidence, audit) stay.
 * <p>
 * Real cases make the history: {@code bench.templates} land-tax and public-housing cases run end to
 * end through the API. Their engine history rows (every {@code ACT_*} table with a removal time, and
 * the byte arrays) are then copied with new ids until {@code bench.sizes} finished cases' worth is in
 * the database, all due for removal (the templates themselves are not due and stay). So every size has the row counts and shapes of real cases,
 * half of each type. For each size the run triggers the cleanup as an operator would
 * ({@code POST /engine-rest/history/cleanup?immediatelyDue=true}, here {@code HistoryService.cleanUpHistoryAsync(true)}).
 * The cleanup runs on the job executor until no due row is left, and the run prints the time, the
 * rows and cases per second, and the CPU of the JVM and PostgreSQL.
 * <p>
 * Settings: {@code -Dbench.sizes=10000,100000} (finished cases per step), {@code -Dbench.templates=5}
 * (cases per flow to copy from), {@code -Dbench.timeoutMinutes=60} (per size), {@code -Dkuayu.bench.set=camunda.bpm.generic-properties.properties.historyCleanupDegreeOfParallelism=4}
 * to try other engine settings.
 */
public final class HistoryCleanupBenchmark {

    static final List<Long> SIZES = Scale.sizes("bench.sizes", "10000,100000");
    static final int TEMPLATES = Integer.getInteger("bench.templates", 5);
    static final int TIMEOUT_MINUTES = Integer.getInteger("bench.timeoutMinutes", 60);
    /** Copies per INSERT statement: one transaction each, so that a step does not hold millions of rows in one. */
    private static final int COPIES_PER_STATEMENT = 1000;
    /**
     * A copied row's id is the MD5 of the template's id and the copy's number (ids are up to 64 characters, too
     * long for a suffix); the columns that carry a case's own ids (process instance and root) are mapped the same
     * way, so a copy is a case of its own to the cleanup. Other references (execution, activity instance, byte
     * array ids) still name the template's rows: the removal-time cleanup does not follow them.
     */
    private static final Set<String> ID_COLUMNS = Set.of("id_", "root_proc_inst_id_", "proc_inst_id_", "resource_id_");

    private final List<String[]> table = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        Scale.header("History cleanup benchmark (issue 7): Camunda's history cleanup over the engine history of finished cases",
                "sizes " + SIZES + " finished cases, copied from " + TEMPLATES + " real cases per flow");
        long t0 = System.nanoTime();
        HistoryCleanupBenchmark bench = new HistoryCleanupBenchmark();
        try (BenchPostgres postgres = new BenchPostgres(); KuayuApp app = new KuayuApp(postgres.database("cleanup"), "postgres", "")) {
            bench.run(app);
        }
        bench.print();
        Scale.footer(t0);
        System.exit(0);
    }

    void run(KuayuApp app) throws Exception {
        DataSource db = app.dataSource();
        List<String> before = finishedRoots(db);
        KuayuFlows flows = new KuayuFlows(app.port);
        Load.run("templates", 4, TEMPLATES, flows::landTax);
        Load.run("templates", 4, TEMPLATES, flows::housing);
        List<String> roots = new ArrayList<>(finishedRoots(db));
        roots.removeAll(before);
        if (roots.size() != 2 * TEMPLATES) {
            throw new IllegalStateException("expected " + 2 * TEMPLATES + " finished cases with a removal time, found " + roots.size());
        }
        Map<String, String> kuayuBefore = kuayuCounts(db);
        Map<String, List<String>> tables = historyTables(db);
        Map<String, Long> perTemplate = new LinkedHashMap<>();
        for (String t : tables.keySet()) {
            perTemplate.put(t, count(db, "SELECT COUNT(*) FROM " + t + " WHERE root_proc_inst_id_ IN (" + quoted(roots) + ")"));
        }
        long templateRowsBefore = templateRows(db, tables.keySet(), roots);
        long rowsPerCase = templateRowsBefore / roots.size();
        System.out.printf("%nengine history rows of one finished case (mean of the two flows): %d; per table for the %d templates: %s%n",
                rowsPerCase, roots.size(), perTemplate);

        long copies = 0;
        HistoryService history = app.context.getBean(HistoryService.class);
        for (long size : SIZES) {
            long wanted = (size + roots.size() - 1) / roots.size(); // copies of the whole template set
            long t0 = System.nanoTime();
            copy(db, tables, roots, copies + 1, copies + wanted);
            double copySeconds = (System.nanoTime() - t0) / 1e9;
            copies += wanted;
            double vacuum = vacuumAnalyze(db, tables.keySet());
            long due = due(db, tables.keySet());
            long dueCases = count(db, "SELECT COUNT(*) FROM act_hi_procinst WHERE id_ = root_proc_inst_id_ AND removal_time_ <= now()");
            System.out.printf("%n%,d finished cases due for removal (%,d rows), copied in %.1f s, VACUUM ANALYZE %.1f s%n",
                    dueCases, due, copySeconds, vacuum);

            CpuMeter.Reading cpu = CpuMeter.now();
            long start = System.nanoTime();
            history.cleanUpHistoryAsync(true);
            String busiest = busiestTable(perTemplate);
            // poll the table with the most rows per case, cheaply (one index probe): the cleanup deletes a batch from every
            // table per run, so it empties last; then count everything once
            await().atMost(Duration.ofMinutes(TIMEOUT_MINUTES)).pollInterval(Duration.ofMillis(500)).until(() -> {
                failIfTheCleanupStalled(history);
                return count(db, "SELECT COUNT(*) FROM (SELECT 1 FROM " + busiest + " WHERE removal_time_ <= now() LIMIT 1) d") == 0
                        && due(db, tables.keySet()) == 0;
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuMeter.Reading used = CpuMeter.now().since(cpu);
            Map<String, String> kuayuAfter = kuayuCounts(db);
            if (!kuayuAfter.equals(kuayuBefore)) {
                throw new IllegalStateException("the cleanup changed Kuayu's tables: " + kuayuBefore + " → " + kuayuAfter);
            }
            long templateRows = templateRows(db, tables.keySet(), roots);
            if (templateRows != templateRowsBefore) {
                throw new IllegalStateException("the cleanup removed history not yet due: the templates' rows went from "
                        + templateRowsBefore + " to " + templateRows);
            }
            System.out.printf("cleaned in %.1f s; Kuayu's tables unchanged (%s), the templates' %d rows (not due) kept%n", seconds,
                    kuayuAfter, templateRows);
            table.add(new String[] {String.format("%,d", dueCases), String.format("%,d", due), String.format("%.1f", seconds),
                    String.format("%,.0f", due / seconds), String.format("%,.0f", dueCases / seconds),
                    String.format("%.1f", used.jvmNanos() / 1e9), String.format("%.1f", used.postgresNanos() / 1e9),
                    String.format("%,.0f", dueCases / seconds * 4 * 3600)});
        }
    }

    /** Root process instances that ended and have a removal time. */
    private static List<String> finishedRoots(DataSource db) throws Exception {
        return new BulkLoad(db).strings("SELECT id_ FROM act_hi_procinst WHERE id_ = root_proc_inst_id_ AND end_time_ IS NOT NULL"
                + " AND removal_time_ IS NOT NULL");
    }

    /** Every table with a removal time and a root process instance: what the removal-time-based cleanup deletes from. */
    private static Map<String, List<String>> historyTables(DataSource db) throws Exception {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                     + " AND table_name IN (SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema()"
                     + " AND column_name = 'removal_time_' INTERSECT SELECT table_name FROM information_schema.columns"
                     + " WHERE table_schema = current_schema() AND column_name = 'root_proc_inst_id_') ORDER BY table_name, ordinal_position")) {
            while (r.next()) {
                tables.computeIfAbsent(r.getString(1), t -> new ArrayList<>()).add(r.getString(2));
            }
        }
        return tables;
    }

    /**
     * Copies {@code from}..{@code to} of the templates' rows in every table, each copy with its own ids and
     * due for removal since yesterday. The templates keep their own removal time (their retention is a year
     * or two from now), so they stay to be copied again for the next size.
     */
    private static void copy(DataSource db, Map<String, List<String>> tables, List<String> roots, long from, long to) throws Exception {
        List<String> statements = new ArrayList<>();
        for (long a = from; a <= to; a += COPIES_PER_STATEMENT) {
            long b = Math.min(to, a + COPIES_PER_STATEMENT - 1);
            for (Map.Entry<String, List<String>> t : tables.entrySet()) {
                String columns = String.join(", ", t.getValue());
                String values = String.join(", ", t.getValue().stream()
                        .map(col -> ID_COLUMNS.contains(col) ? "md5(" + col + " || ':' || g)"
                                : col.equals("removal_time_") ? "now() - INTERVAL '1 day'" : col).toList());
                statements.add("INSERT INTO " + t.getKey() + " (" + columns + ") SELECT " + values + " FROM " + t.getKey()
                        + ", generate_series(" + a + ", " + b + ") g WHERE root_proc_inst_id_ IN (" + quoted(roots) + ")");
            }
        }
        exec(db, statements);
    }

    private static long due(DataSource db, Set<String> tables) throws Exception {
        long due = 0;
        for (String t : tables) {
            due += count(db, "SELECT COUNT(*) FROM " + t + " WHERE removal_time_ <= now()");
        }
        return due;
    }

    private static long templateRows(DataSource db, Set<String> tables, List<String> roots) throws Exception {
        long rows = 0;
        for (String t : tables) {
            rows += count(db, "SELECT COUNT(*) FROM " + t + " WHERE root_proc_inst_id_ IN (" + quoted(roots) + ")");
        }
        return rows;
    }

    private static String busiestTable(Map<String, Long> perTemplate) {
        return perTemplate.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** A cleanup job out of retries (an incident) or suspended would keep the run waiting until its timeout: stop at once. */
    private static void failIfTheCleanupStalled(HistoryService history) {
        for (Job job : history.findHistoryCleanupJobs()) {
            if (job.getRetries() == 0 || job.isSuspended()) {
                throw new IllegalStateException("history cleanup job stopped: retries " + job.getRetries() + ", suspended "
                        + job.isSuspended() + ", " + job.getExceptionMessage());
            }
        }
    }

    /** Row counts of Kuayu's case file, which the cleanup must leave alone. */
    private static Map<String, String> kuayuCounts(DataSource db) throws Exception {
        Map<String, String> counts = new LinkedHashMap<>();
        for (String t : List.of("kuayu_case", "kuayu_decision", "kuayu_evidence", "kuayu_opinion", "kuayu_data_access_log",
                "kuayu_audit_event")) {
            counts.put(t, Long.toString(count(db, "SELECT COUNT(*) FROM " + t)));
        }
        return counts;
    }

    private static double vacuumAnalyze(DataSource db, Set<String> tables) throws Exception {
        long t0 = System.nanoTime();
        exec(db, tables.stream().map(t -> "VACUUM ANALYZE " + t).toList());
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void exec(DataSource db, List<String> statements) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static long count(DataSource db, String sql) throws Exception {
        return new BulkLoad(db).count(sql);
    }

    private static String quoted(List<String> ids) {
        return String.join(", ", ids.stream().map(id -> "'" + id + "'").toList());
    }

    private void print() {
        System.out.printf("%n%12s | %12s | %9s | %9s | %9s | %12s | %11s | %s%n", "cases due", "rows", "seconds", "rows/s", "cases/s",
                "JVM CPU s", "PG CPU s", "cases per 4-hour window");
        for (String[] row : table) {
            System.out.printf("%12s | %12s | %9s | %9s | %9s | %12s | %11s | %s%n", (Object[]) row);
        }
    }
}
