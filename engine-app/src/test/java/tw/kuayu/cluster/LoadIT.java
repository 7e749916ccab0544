package tw.kuayu.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tw.kuayu.load.LoadRun;
import tw.kuayu.load.LoadRun.Outcome;
import tw.kuayu.load.LoadRun.Sample;

/**
 * Load (issue 8), the shortened form the suite runs: the ten-minute run of scripts/load-test.sh
 * (500 intake clients, 50 caseworkers) cut to {@value #SECONDS} s with {@value #INTAKE} intake
 * clients and {@value #CASEWORKERS} caseworkers, far more than the {@code kuayu.api.intake.max-concurrent}
 * slots, on PostgreSQL with a bounded heap. Same clients ({@link LoadRun}), same promises: no answer
 * beyond documented back-pressure (429/503 with Retry-After), no acknowledged case lost, no case
 * duplicated, no decision or evidence record twice, memory within the heap and the process alive.
 */
class LoadIT {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LoadIT.class);

    static final int SECONDS = 60;
    static final int INTAKE = 60;
    static final int CASEWORKERS = 12;
    static final int HEAP_MB = 512;
    /** Heap plus metaspace, code cache, thread stacks and buffers of a JVM capped at {@link #HEAP_MB}. */
    static final int RSS_LIMIT_MB = HEAP_MB + 768;

    static EmbeddedPostgres postgres;
    static ClusterNode node;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE kuayu_load");
        }
        Path dir = Files.createTempDirectory("kuayu-load-it");
        node = new ClusterNode("load", dir);
        node.start(List.of("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "kuayu_load"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--kuayu.data-dir=" + dir.resolve("data"), "--kuayu.standin.port=" + ClusterNode.freePort(),
                // the postgres profile's pool, as the ten-minute LoadTest runs with (profiles demo,postgres)
                "--spring.datasource.hikari.maximum-pool-size=20"));
        node.awaitUp();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void underLoadEveryAnswerIsSuccessOrDocumentedBackPressureAndNoCaseIsLostOrDuplicated() throws Exception {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        LoadRun load = new LoadRun(node.port, 60, new PrintStream(report, true, StandardCharsets.UTF_8));
        List<Sample> samples = load.run(INTAKE, CASEWORKERS, Duration.ofSeconds(SECONDS), Duration.ofSeconds(15), node.pid());
        Outcome outcome = load.check(LoadIT::database);
        log.info("Load run ({} intake clients, {} caseworkers, {} s):\n{}", INTAKE, CASEWORKERS, SECONDS,
                report.toString(StandardCharsets.UTF_8));

        assertThat(load.errors()).as("answers beyond documented back-pressure: " + load.answers()).isZero();
        assertThat(load.answers().keySet()).as("every 429/503 carries Retry-After").noneMatch(k -> k.endsWith("without Retry-After"));
        assertThat(load.backPressure()).as("the intake limit was reached: back-pressure exercised " + load.answers()).isPositive();
        assertThat(outcome.acknowledged()).as("cases acknowledged under load").isGreaterThan(INTAKE);
        assertThat(load.tasksCompleted()).as("caseworkers got work done under load").isPositive();
        assertThat(outcome.lost()).as("acknowledged (201) but not stored").isZero();
        assertThat(outcome.keysTwice()).as("an Idempotency-Key stored twice (duplicated case)").isZero();
        assertThat(outcome.decisionsTwice()).as("cases with two current decisions").isZero();
        assertThat(outcome.evidenceTwice()).as("evidence records stored twice").isZero();

        assertThat(samples).as("memory sampled during the run").isNotEmpty()
                .allSatisfy(s -> assertThat(s.heapMb()).as("heap in use at %.0f s", s.seconds()).isBetween(0d, (double) HEAP_MB))
                .allSatisfy(s -> assertThat(s.rssMb()).as("resident memory at %.0f s", s.seconds()).isBetween(1L, (long) RSS_LIMIT_MB));
        assertThat(node.isAlive()).isTrue();
        assertThat(node.isUp()).as("the engine-app still answers after the load").isTrue();
        assertThat(node.logText()).doesNotContain("OutOfMemoryError").doesNotContain("A123456789");
    }

    static Connection database() {
        try {
            return postgres.getDatabase("postgres", "kuayu_load").getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
