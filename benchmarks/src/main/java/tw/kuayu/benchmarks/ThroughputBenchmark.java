package tw.kuayu.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import tw.kuayu.connectors.standin.AgencyStandIn;
import tw.kuayu.connectors.standin.Fault;
import tw.kuayu.connectors.standin.FaultRegistry;
import tw.kuayu.load.LoadRun;
import tw.kuayu.security.VerifiedCredentials;

/**
 * Throughput of bare Camunda against Kuayu's full flows, in one run, on the same database server
 * (embedded PostgreSQL started here, then in-memory H2), with the same thread count, after
 * warm-up; per-stage breakdown of Kuayu's cases; start-up time and memory of the demo jar.
 * Run by scripts/benchmark.sh; settings in docs/benchmarks.md.
 */
public final class ThroughputBenchmark {

    static final int THREADS = Integer.getInteger("bench.threads", 4);
    static final int CASES = Integer.getInteger("bench.cases", 40);
    /** The baseline: the Spring Boot starter with its defaults, through the Java API. */
    static final String BARE = "bare Camunda 7.24 (starter, Java API)";
    static final String BARE_REST = "bare Camunda 7.24 (starter, REST API)";
    /** For reference: a standalone engine with its own, lighter defaults, through the Java API. */
    static final String BARE_STANDALONE = "bare Camunda 7.24 (standalone engine)";
    static final int BARE_CASES = Integer.getInteger("bench.bareCases", 200);
    static final int WARMUP = Integer.getInteger("bench.warmup", 8);
    /** Cases per flow for the desks (capacity) rows, and how many cases the desks keep open at most. */
    static final int DESK_CASES = Integer.getInteger("bench.deskCases", 80);
    static final int IN_FLIGHT = Integer.getInteger("bench.inFlight", 16);
    /** Warm-up cases per flow for the desks rows. */
    static final int DESK_WARMUP = Integer.getInteger("bench.deskWarmup", WARMUP * 5);
    static final long SLOW_SOURCE_MS = Long.getLong("bench.sourceLatencyMs", 200);
    static final String SYNCHRONOUS_COMMIT = System.getProperty("bench.pgSynchronousCommit", "on");
    static final List<String> DATABASES = List.of(System.getProperty("bench.databases", "postgres,h2").split(","));

    private final List<Load.Result> results = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        System.out.printf("Kuayu throughput benchmark: %d threads, %d cases per Kuayu flow, %d bare cases, %d warm-up%n",
                THREADS, CASES, BARE_CASES, WARMUP);
        System.out.printf("machine: %d cores, %s, Java %s; load before: %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getProperty("java.version"), load());
        long t0 = System.nanoTime();
        new ThroughputBenchmark().run();
        System.out.printf("%nload after: %s; whole run %.0f s%n", load(), (System.nanoTime() - t0) / 1e9);
        System.exit(0);
    }

    void run() throws Exception {
        System.out.printf("PostgreSQL synchronous_commit=%s%n", SYNCHRONOUS_COMMIT);
        EmbeddedPostgres postgres = null;
        if (DATABASES.contains("postgres")) {
            // zonky turns synchronous_commit off; a production server keeps PostgreSQL's default (on): a commit
            // returns once its WAL is on disk. -Dbench.pgSynchronousCommit=off for zonky's setting.
            EmbeddedPostgres.Builder server = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", SYNCHRONOUS_COMMIT);
            if (PgStatements.ON) {
                server.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            postgres = server.start();
        }
        try {
            for (String db : DATABASES) {
                measure(db, postgres);
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
        printTable();
        File jar = jar();
        if (jar.exists()) {
            DemoJarProbe.Figures f = DemoJarProbe.measure(jar);
            System.out.printf("%ndemo jar (%s): ready in %.1f s; RSS at ready %d MB, after one land-tax case %d MB%n",
                    jar, f.secondsToReady(), f.rssKb() / 1024, f.rssAfterCaseKb() / 1024);
        } else {
            System.out.printf("%ndemo jar not found at %s (mvn package first): start-up and RSS not measured%n", jar);
        }
    }

    private void measure(String db, EmbeddedPostgres postgres) throws Exception {
        String bareUrl = url(db, postgres, "bare");
        String user = postgres != null && db.equals("postgres") ? "postgres" : "sa";
        // first, so that the JIT has warmed the engine's code for the baseline after it, not the other way round
        try (BareCamunda standalone = BareCamunda.standalone(url(db, postgres, "standalone"), user, "")) {
            Load.run("warm-up", THREADS, WARMUP * 5, standalone::runCase);
            results.add(Load.run(db + " | " + BARE_STANDALONE, THREADS, BARE_CASES, standalone::runCase));
        }
        try (BareCamundaStarter starter = new BareCamundaStarter(bareUrl, user, "")) {
            BareCamunda bare = BareCamunda.on(starter.engine());
            Load.run("warm-up", THREADS, WARMUP * 5, bare::runCase);
            // bare Camunda's statements too, to set Kuayu's against them
            javax.sql.DataSource bareDb = PgStatements.ON && db.equals("postgres") ? postgres.getDatabase("postgres", "bare") : null;
            if (bareDb != null) {
                PgStatements.reset(bareDb);
            }
            Load.Result row = Load.run(db + " | " + BARE, THREADS, BARE_CASES, bare::runCase);
            if (bareDb != null) {
                PgStatements.print(bareDb, row.scenario(), BARE_CASES, PgStatements.TOP);
            }
            results.add(row);
            // what a hand-rolled project's clients would call: the same process through Camunda's REST API
            Load.run("warm-up", THREADS, WARMUP * 5, starter::runCaseOverRest);
            results.add(Load.run(db + " | " + BARE_REST, THREADS, BARE_CASES, starter::runCaseOverRest));
        }
        try (KuayuApp kuayu = new KuayuApp(url(db, postgres, "kuayu"), user, "")) {
            KuayuFlows flows = new KuayuFlows(kuayu.port);
            Load.run("warm-up", THREADS, WARMUP, flows::landTax);
            Load.run("warm-up", THREADS, WARMUP, flows::housing);
            Load.Result landTax = Load.run(db + " | Kuayu " + KuayuFlows.LAND_TAX, THREADS, CASES, flows::landTax);
            Load.Result housing = Load.run(db + " | Kuayu " + KuayuFlows.HOUSING, THREADS, CASES, flows::housing);
            results.add(landTax);
            results.add(housing);
            StageBreakdown.of(kuayu.dataSource(), new HashSet<>(landTax.ids())).print(landTax.scenario());
            StageBreakdown.of(kuayu.dataSource(), new HashSet<>(housing.ids())).print(housing.scenario());
            desks(db, kuayu, "");
            System.out.printf("%s | HTTP Basic answered from the credentials cache: %d requests%n", db,
                    kuayu.context.getBean(VerifiedCredentials.class).hits());
            if (SLOW_SOURCE_MS <= 0) {
                return; // -Dbench.sourceLatencyMs=0: no slow-source rows (quicker tuning runs)
            }
            // every agency source answers 200 ms late: a case's lookups must overlap, not add up
            FaultRegistry faults = kuayu.context.getBean(AgencyStandIn.class).faults();
            AgencyStandIn.SOURCES.forEach(source -> faults.set(source, Fault.slow(SLOW_SOURCE_MS)));
            try {
                String slow = " +" + SLOW_SOURCE_MS + " ms/lookup";
                Load.Result slowLandTax = Load.run(db + " | Kuayu " + KuayuFlows.LAND_TAX + slow, THREADS, CASES, flows::landTax);
                Load.Result slowHousing = Load.run(db + " | Kuayu " + KuayuFlows.HOUSING + slow, THREADS, CASES, flows::housing);
                results.add(slowLandTax);
                results.add(slowHousing);
                StageBreakdown.of(kuayu.dataSource(), new HashSet<>(slowLandTax.ids())).print(slowLandTax.scenario());
                StageBreakdown.of(kuayu.dataSource(), new HashSet<>(slowHousing.ids())).print(slowHousing.scenario());
                desks(db, kuayu, slow);
            } finally {
                faults.clearAll();
            }
        }
    }

    /** The same flows worked by {@link #THREADS} desks that never wait on one case: Kuayu's capacity. */
    private void desks(String db, KuayuApp kuayu, String suffix) throws Exception {
        if (DESK_CASES <= 0) {
            return;
        }
        KuayuDesks desks = new KuayuDesks(kuayu.port, kuayu.dataSource());
        if (suffix.isEmpty()) {
            // the worklist path is new to the JIT here (the one-case rows poll the case view): as many warm-up cases as bare Camunda gets
            desks.run("warm-up", THREADS, DESK_WARMUP, IN_FLIGHT, KuayuFlows.LAND_TAX, "tax.clerk", KuayuFlows.LAND_TAX_DATA,
                    KuayuFlows.LAND_TAX_STEPS);
            desks.run("warm-up", THREADS, DESK_WARMUP, IN_FLIGHT, KuayuFlows.HOUSING, "udd.clerk", KuayuFlows.HOUSING_DATA,
                    KuayuFlows.HOUSING_STEPS);
        }
        String label = " (" + THREADS + " desks)" + suffix;
        boolean statements = PgStatements.ON && db.equals("postgres");
        if (statements) {
            PgStatements.reset(kuayu.dataSource());
        }
        Load.Result landTax = desks.run(db + " | Kuayu " + KuayuFlows.LAND_TAX + label, THREADS, DESK_CASES, IN_FLIGHT,
                KuayuFlows.LAND_TAX, "tax.clerk", KuayuFlows.LAND_TAX_DATA, KuayuFlows.LAND_TAX_STEPS);
        if (statements) {
            PgStatements.print(kuayu.dataSource(), landTax.scenario(), DESK_CASES, PgStatements.TOP);
            PgStatements.reset(kuayu.dataSource());
        }
        Load.Result housing = desks.run(db + " | Kuayu " + KuayuFlows.HOUSING + label, THREADS, DESK_CASES, IN_FLIGHT,
                KuayuFlows.HOUSING, "udd.clerk", KuayuFlows.HOUSING_DATA, KuayuFlows.HOUSING_STEPS);
        if (statements) {
            PgStatements.print(kuayu.dataSource(), housing.scenario(), DESK_CASES, PgStatements.TOP);
        }
        results.add(landTax);
        results.add(housing);
    }

    /** CPU columns: per case, of this JVM (engine, app and client threads) and of PostgreSQL (also running under H2 rows, idle). */
    private void printTable() {
        System.out.printf("%n%-62s %6s %8s %10s %9s %9s %9s %12s %8s %8s %12s%n", "database | scenario", "cases", "cases/s", "median ms", "p95 ms",
                "vs bare", "vs REST", "JVM CPU ms", "◦ JIT", "◦ GC", "PG CPU ms");
        // each database's baselines first: the REST row comes after the Java API row it is compared with
        Map<String, Double> bare = new HashMap<>();
        Map<String, Double> bareRest = new HashMap<>();
        for (Load.Result r : results) {
            if (r.scenario().endsWith(BARE)) {
                bare.put(database(r), r.perSecond());
            } else if (r.scenario().endsWith(BARE_REST)) {
                bareRest.put(database(r), r.perSecond());
            }
        }
        for (Load.Result r : results) {
            if (r.cases() == 0) {
                continue; // -Dbench.cases=0: only the desks rows
            }
            System.out.printf("%-62s %6d %8.2f %10.0f %9.0f %8.2f× %8.2f× %12.1f %8.1f %8.1f %12.1f%n", r.scenario(), r.cases(), r.perSecond(),
                    r.median(), r.p95(), r.perSecond() / bare.getOrDefault(database(r), Double.NaN),
                    r.perSecond() / bareRest.getOrDefault(database(r), Double.NaN), r.jvmCpuMsPerCase(), r.jitCpuMsPerCase(),
                    r.gcCpuMsPerCase(), r.postgresCpuMsPerCase());
        }
    }

    /** "postgres" or "h2": every row's scenario starts with its database. */
    private static String database(Load.Result r) {
        return r.scenario().substring(0, r.scenario().indexOf(" |"));
    }

    private static String url(String db, EmbeddedPostgres postgres, String name) throws Exception {
        if (db.equals("h2")) {
            return "jdbc:h2:mem:" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    private static File jar() {
        String path = System.getProperty("bench.jar", "engine-app/target/kuayu-engine.jar");
        File jar = new File(path);
        return jar.exists() ? jar : new File("..", path);
    }

    static String load() {
        return LoadRun.loadAverage();
    }
}
