package tw.kuayu.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import org.awaitility.Awaitility;
import tw.kuayu.load.LoadRun;

/**
 * Load (issue 8): the packaged engine-app on an embedded PostgreSQL (profiles demo + postgres, a
 * bounded heap) under 500 concurrent intake clients and 50 concurrent caseworkers for ten minutes.
 * The clients, counters and end-of-run database check are {@link LoadRun} (engine-app's test jar),
 * which the test suite also runs in a shortened form (LoadIT); this class adds the ten-minute
 * settings, the machine description and the printed report.
 *
 * <p>Prints requests, answers by status, 429/503 with and without Retry-After, heap and RSS over
 * time, and at the end checks the database: every acknowledged case (201) stored, no key stored
 * twice, no case with two decisions. Not a test: run by scripts/load-test.sh, figures go to
 * docs/benchmarks.md ("Load").
 *
 * <p>Settings: -Dload.minutes=10 -Dload.intake=500 -Dload.caseworkers=50 -Dload.heap=1g
 * -Dload.sampleSeconds=30 -Dload.timeoutSeconds=60 -Dload.jar=engine-app/target/kuayu-engine.jar
 * -Dload.args="--kuayu.x=y ..." (extra engine-app arguments).
 */
public final class LoadTest {

    static final double MINUTES = Double.parseDouble(System.getProperty("load.minutes", "10"));
    static final int INTAKE = Integer.getInteger("load.intake", 500);
    static final int CASEWORKERS = Integer.getInteger("load.caseworkers", 50);
    static final String HEAP = System.getProperty("load.heap", "1g");
    static final int SAMPLE_SECONDS = Integer.getInteger("load.sampleSeconds", 30);
    static final int TIMEOUT_SECONDS = Integer.getInteger("load.timeoutSeconds", 60);
    static final String EXTRA_ARGS = System.getProperty("load.args", "");

    private LoadTest() {
    }

    public static void main(String[] args) throws Exception {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        File jar = jar();
        if (!jar.exists()) {
            throw new IllegalStateException("no runnable jar at " + jar + ": run mvn -pl engine-app -am package -DskipTests first");
        }
        System.out.printf("Kuayu load test: %d intake clients, %d caseworkers, %.1f minutes, app heap -Xmx%s%n", INTAKE, CASEWORKERS,
                MINUTES, HEAP);
        System.out.printf("machine: %d cores, %s, Java %s, memory %s; load average before: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.version"), memTotal(), LoadRun.loadAverage());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE kuayu_load");
            }
            Path dir = Files.createTempDirectory("kuayu-load");
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx" + HEAP,
                    "-jar", jar.getPath(), "--spring.profiles.active=demo,postgres", "--server.port=" + port,
                    "--kuayu.data-dir=" + dir, "--kuayu.standin.port=" + freePort()));
            if (!EXTRA_ARGS.isBlank()) {
                command.addAll(List.of(EXTRA_ARGS.trim().split("\\s+")));
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("app.log").toFile());
            builder.environment().put("KUAYU_DB_URL", postgres.getJdbcUrl("postgres", "kuayu_load"));
            builder.environment().put("KUAYU_DB_USER", "postgres");
            builder.environment().put("KUAYU_DB_PASSWORD", "");
            Process app = builder.start();
            System.out.println("engine-app log: " + dir.resolve("app.log"));
            try {
                LoadRun load = new LoadRun(port, TIMEOUT_SECONDS, System.out);
                Awaitility.await("engine-app ready").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                        .failFast("engine-app exited; see " + dir.resolve("app.log"), () -> !app.isAlive())
                        .until(load::up);
                load.run(INTAKE, CASEWORKERS, Duration.ofMillis((long) (MINUTES * 60_000)), Duration.ofSeconds(SAMPLE_SECONDS), app.pid());
                load.check(() -> connection(postgres));
                System.out.printf("%nload average after: %s; engine-app errors logged: %d%n", LoadRun.loadAverage(),
                        Files.readAllLines(dir.resolve("app.log")).stream().filter(l -> l.contains(" ERROR ")).count());
            } finally {
                app.destroy();
                app.waitFor();
            }
        }
        System.exit(0);
    }

    private static Connection connection(EmbeddedPostgres postgres) {
        try {
            return postgres.getDatabase("postgres", "kuayu_load").getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static File jar() {
        String path = System.getProperty("load.jar", "engine-app/target/kuayu-engine.jar");
        File jar = new File(path);
        return jar.exists() ? jar : new File("..", path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
