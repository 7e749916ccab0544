package tw.kuayu.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Backup and restore (issue 8): scripts/restore-drill.sh against a running Kuayu on PostgreSQL with
 * one case decided and one left in progress. The drill dumps, restores into a fresh database, starts
 * Kuayu on it with a copy of the key directory and passes; without the keys (sealed personal data
 * unreadable, decisions signed under another root) it fails; after an audit row is altered in the
 * database the drill backs up, the restored chain no longer verifies and the drill fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreDrillIT {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RestoreDrillIT.class);

    static final String SOURCE_DB = "kuayu_source";

    static EmbeddedPostgres postgres;
    static Path dir;
    static ClusterNode source;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + SOURCE_DB);
        }
        dir = Files.createTempDirectory("kuayu-restore-drill-it");
        source = new ClusterNode("source", dir);
        source.start(List.of("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", SOURCE_DB),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--kuayu.data-dir=" + dir.resolve("data"), "--kuayu.standin.port=" + ClusterNode.freePort(),
                "--camunda.bpm.job-execution.wait-time-in-millis=200", "--camunda.bpm.job-execution.max-wait=1000"));
        source.awaitUp();

        // one land-tax case decided (signed PDF), one left at the clerk's review
        String decided = source.cases.file("tax.clerk", CrashRestartIT.LAND_TAX, "A123456789", "王小明", CrashRestartIT.PARCEL);
        source.cases.act(decided, "review", "tax.clerk", "approve", "符合自用住宅用地要件。");
        source.cases.act(decided, "approve", "tax.chief", "approve", "准予核定。");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> source.cases.caseView(decided, "tax.clerk").path("decision").path("status").asText(), "issued"::equals);
        String open = source.cases.file("tax.clerk", CrashRestartIT.LAND_TAX, "B123456780", "林美𡘙", CrashRestartIT.PARCEL);
        source.cases.waitForTask(open, "review", "tax.clerk");
    }

    @AfterAll
    static void stop() throws Exception {
        if (source != null) {
            source.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void theDrillRestoresARunningDatabaseAndPasses() throws Exception {
        Drill drill = drill("kuayu_restored", true);
        assertThat(drill.exit).as(drill.output).isZero();
        assertThat(drill.output)
                .contains("OK    rows in kuayu_case: 2 restored = 2 in the source")
                .containsPattern("OK    audit chain data-access: [1-9][0-9]* entries verify")
                .contains("OK    audit chain events:")
                .containsPattern("OK    decision \\S+: SHA-256 matches, 1 signature\\(s\\) verify")
                .containsPattern("OK    sealed personal data: [1-9] case\\(s\\) of tax.clerk's worklist read")
                .containsPattern("OK    case \\S+ moved on: step review completed \\(approve\\)")
                .doesNotContain("FAIL")
                .endsWith("RESTORE DRILL PASSED\n")
                .doesNotContain("A123456789");
        assertThat(databases()).as("the drill drops its restored database").doesNotContain("kuayu_restored");
    }

    @Test
    @Order(2)
    void withoutTheKeysBackupTheDrillFails() throws Exception {
        Drill drill = drill("kuayu_keyless", false);
        assertThat(drill.exit).as(drill.output).isEqualTo(1);
        assertThat(drill.output)
                .contains("OK    audit chain data-access")
                .contains("FAIL  sealed personal data")
                .contains("FAIL  decision")
                .contains("RESTORE DRILL FAILED");
    }

    @Test
    @Order(3)
    void anAlteredAuditRowMakesTheDrillFail() throws Exception {
        try (Connection c = postgres.getDatabase("postgres", SOURCE_DB).getConnection(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE kuayu_data_access_log SET user_id = 'intruder'"
                    + " WHERE seq = (SELECT MIN(seq) FROM kuayu_data_access_log)")).isOne();
        }
        Drill drill = drill("kuayu_tampered", true);
        assertThat(drill.exit).as(drill.output).isEqualTo(1);
        assertThat(drill.output)
                .contains("FAIL  audit chain data-access does not verify")
                .contains("OK    rows in kuayu_data_access_log")
                .contains("RESTORE DRILL FAILED: 1 check(s) failed");
    }

    record Drill(int exit, String output) {
    }

    /**
     * Runs the script as an operator would, the restored instance configured like the source with a copy of its keys
     * or, without them, with a data directory of its own (the demo profile then makes new personal-data and signing keys).
     */
    static Drill drill(String restoreDb, boolean withKeys) throws Exception {
        Path restoredData = Files.createDirectories(dir.resolve(restoreDb));
        if (withKeys) {
            copy(dir.resolve("data").resolve("keys"), restoredData.resolve("keys"));
        }
        Path output = dir.resolve(restoreDb + ".out");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of("bash", "../scripts/restore-drill.sh",
                "--db", SOURCE_DB, "--restore-db", restoreDb, "--auditor", "auditor:demo", "--caseworker", "tax.clerk:demo",
                "--start-timeout", "240", "--",
                "--spring.profiles.active=demo", "--kuayu.data-dir=" + restoredData,
                "--kuayu.standin.port=" + ClusterNode.freePort())))
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(Map.of("PGHOST", "localhost", "PGPORT", Integer.toString(postgres.getPort()),
                "PGUSER", "postgres", "JAVA_HOME", System.getProperty("java.home"),
                "JAVA_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1"));
        Process process = builder.start();
        assertThat(process.waitFor(8, TimeUnit.MINUTES)).as("the drill ends").isTrue();
        String text = Files.readString(output, StandardCharsets.UTF_8);
        log.info("restore drill into {} (exit {}):\n{}", restoreDb, process.exitValue(), text);
        return new Drill(process.exitValue(), text);
    }

    static List<String> databases() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT datname FROM pg_database")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The key directory, restored from its own backup beside the database. */
    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
