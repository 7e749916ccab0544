package tw.kuayu.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseStatus;

/**
 * Two engine-app nodes on one PostgreSQL (docs/operations.md: Running a cluster): node A runs the
 * agency stand-in, node B points its connectors at it; both run the job executor and share one
 * demo keystore directory. Cases are filed on both, and node B is killed with SIGKILL mid-run:
 * <ul>
 *   <li>with the evidence fetched by the nodes' job executors, while node B's holds evidence jobs
 *       (the stand-in is made slow so that it does);</li>
 *   <li>with the evidence fetched by two worker processes (external tasks, docs/operations.md:
 *       Evidence workers), one talking to each node, while both hold locked lookups; node B's worker is
 *       killed with its node, and node A's worker takes over its lookups once their lock expires.</li>
 * </ul>
 * Either way every case then finishes on node A with its evidence fetched once and exactly one decision.
 * Each scenario runs its own two nodes on a database of its own.
 */
class TwoNodeClusterIT {

    static final List<String> SOURCES = List.of("household", "land", "tax", "business", "welfare");
    static final Map<String, Object> PARCEL = Map.of("parcelNo", "大安區龍泉段二小段0123-0000");
    static final int CASES_PER_NODE = 3;
    static final int LOCK_SECONDS = 15;
    static final String LOCKED_BY_B = "SELECT id_ FROM act_ru_ext_task WHERE worker_id_ = 'worker-b' AND lock_exp_time_ IS NOT NULL";

    static EmbeddedPostgres postgres;

    String database;
    ClusterNode a;
    ClusterNode b;
    int standInPort;
    final List<Process> workers = new ArrayList<>();

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void stopCluster() throws Exception {
        for (Process worker : workers) {
            worker.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        if (a != null) {
            a.stop();
        }
        if (b != null) {
            b.stop();
        }
    }

    /** Two nodes on a new database; {@code extra} goes to both (e.g. external workers on). */
    void startCluster(String name, String... extra) throws Exception {
        database = "kuayu_" + name;
        sql("CREATE DATABASE " + database);
        String jdbcUrl = postgres.getJdbcUrl("postgres", database);
        Path dir = Files.createTempDirectory("kuayu-cluster-it");
        standInPort = ClusterNode.freePort();
        a = new ClusterNode("a", dir);
        b = new ClusterNode("b", dir);

        List<String> common = new ArrayList<>(List.of("--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                // one keystore directory for both nodes: either node's signatures verify on the other
                "--kuayu.data-dir=" + dir.resolve("shared"),
                "--camunda.bpm.job-execution.wait-time-in-millis=200", "--camunda.bpm.job-execution.max-wait=1000",
                // a dead node's jobs are taken over once their lock expires
                "--camunda.bpm.job-execution.lock-time-in-millis=" + LOCK_SECONDS * 1000));
        common.addAll(List.of(extra));
        List<String> nodeA = new ArrayList<>(common);
        nodeA.add("--kuayu.standin.port=" + standInPort);
        List<String> nodeB = new ArrayList<>(common);
        nodeB.add("--kuayu.standin.enabled=false");
        SOURCES.forEach(s -> nodeB.add("--kuayu.connectors.sources." + s + ".base-url=http://localhost:" + standInPort));

        a.start(nodeA);
        // the first node creates the engine schema; the second starts once it exists and then races
        // node A through deployment, demo users, groups, authorizations and keys
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> count("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'act_id_user'") == 1);
        b.start(nodeB);
        a.awaitUp();
        b.awaitUp();
        assertThat(count("SELECT COUNT(*) FROM act_id_user WHERE id_ = 'tax.clerk'")).isEqualTo(1);
    }

    @Test
    void everyCaseFinishesExactlyOnceAfterANodeIsKilledHoldingWork() throws Exception {
        startCluster("cluster_jobs");
        ApiClient standIn = slowHousehold(8000);

        long filing = System.nanoTime();
        List<String> ids = fileOnBothNodes();
        // both job executors are inside a (slow, 8 s) lookup they took at most 5 s ago, so node B is still in
        // its lookup when it is killed: a job's lock is at most as old as the look before the one that first
        // saw it (or the first filing, for those the first look saw)
        Map<String, Long> lockedSince = new HashMap<>();
        long[] previousLook = {filing};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            long now = System.nanoTime();
            Set<String> freshOwners = new HashSet<>();
            for (String row : strings("SELECT id_ || ' ' || lock_owner_ FROM act_ru_job WHERE lock_exp_time_ IS NOT NULL")) {
                long since = lockedSince.computeIfAbsent(row, r -> previousLook[0]);
                if (now - since < 5_000_000_000L) {
                    freshOwners.add(row.substring(row.indexOf(' ') + 1));
                }
            }
            previousLook[0] = now;
            return freshOwners.size() == 2;
        });
        b.kill();
        sql(database, "CREATE TABLE locked_at_kill AS SELECT id_, lock_exp_time_ FROM act_ru_job WHERE lock_exp_time_ IS NOT NULL");
        standIn.send("DELETE", "/_admin/faults/household", null, null, null);
        assertThat(a.isUp()).isTrue();

        finishOnA(ids);
        // node A's own jobs end long before their lock would expire; one that ran only after its lock expired was node B's
        assertThat(count("SELECT COUNT(*) FROM locked_at_kill k JOIN act_hi_job_log l ON l.job_id_ = k.id_ AND l.job_state_ = 2"
                + " AND l.timestamp_ >= k.lock_exp_time_")).as("jobs node B held when it died, run by node A after their lock expired")
                .isPositive();
        assertThat(a.logText() + b.logText()).doesNotContain("A123456789");
    }

    @Test
    void withEvidenceWorkersAsSeparateProcessesEveryCaseFinishesExactlyOnceAfterANodeAndItsWorkerAreKilled() throws Exception {
        startCluster("cluster_workers", "--kuayu.connectors.external-workers.enabled=true");
        Process workerA = startWorker("worker-a", a);
        Process workerB = startWorker("worker-b", b);
        ApiClient standIn = slowHousehold(4000);

        List<String> ids = fileOnBothNodes();
        // node B's worker has just locked a lookup that the slow source (4 s) keeps it in: a lock not seen at
        // the previous look (every 50 ms), so the kill cannot fall between its answer and its next fetch
        Set<String> seen = new HashSet<>(strings(LOCKED_BY_B));
        String fresh = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<String> now = strings(LOCKED_BY_B);
            String first = now.stream().filter(t -> !seen.contains(t)).findFirst().orElse(null);
            seen.addAll(now);
            return first;
        }, t -> t != null);
        // node B first: a hand-in the worker has already sent cannot be committed after the locks are read
        b.kill();
        workerB.destroyForcibly().waitFor();
        List<String> heldByB = strings(LOCKED_BY_B);
        assertThat(heldByB).contains(fresh);
        standIn.send("DELETE", "/_admin/faults/household", null, null, null);
        assertThat(a.isUp()).isTrue();
        assertThat(workerA.isAlive()).isTrue();

        finishOnA(ids);
        assertThat(count("SELECT COUNT(*) FROM act_ru_ext_task")).isZero();
        for (String task : heldByB) {
            assertThat(count("SELECT COUNT(*) FROM act_hi_ext_task_log WHERE ext_task_id_ = '" + task + "' AND worker_id_ = 'worker-a'"
                    + " AND state_ = 2")).as("node A's worker finished the lookup node B's worker held").isEqualTo(1);
        }
        assertThat(count("SELECT COUNT(*) FROM act_hi_ext_task_log WHERE state_ = 2")).as("one successful lookup task per case")
                .isEqualTo(ids.size());
        assertThat(a.logText() + b.logText() + Files.readString(a.log.resolveSibling("worker-a.log"))
                + Files.readString(a.log.resolveSibling("worker-b.log"))).doesNotContain("A123456789");
    }

    private ApiClient slowHousehold(int latencyMs) {
        ApiClient standIn = new ApiClient(standInPort);
        Answer slow = standIn.send("PUT", "/_admin/faults/household", null, "application/json",
                ("{\"mode\":\"SLOW\",\"latencyMs\":" + latencyMs + "}").getBytes());
        assertThat(slow.status()).as(slow.text()).isEqualTo(200);
        return standIn;
    }

    private List<String> fileOnBothNodes() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CASES_PER_NODE; i++) {
            ids.add(a.cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明", PARCEL));
            ids.add(b.cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明", PARCEL));
        }
        return ids;
    }

    /** Every case is worked and decided on node A; each has its evidence once and one decision, verifiable on A. */
    private void finishOnA(List<String> ids) throws Exception {
        for (String id : ids) {
            a.cases.act(id, "review", "tax.clerk", "approve", "資料相符，擬准");
            a.cases.act(id, "approve", "tax.chief", "approve", "准");
        }
        for (String id : ids) {
            assertThat(a.cases.waitUntilClosed(id, "tax.clerk").path("status").asText()).isEqualTo(CaseStatus.APPROVED);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT COUNT(*) FROM kuayu_decision") == ids.size());

        assertThat(count("SELECT COUNT(*) FROM (SELECT case_id FROM kuayu_decision GROUP BY case_id HAVING COUNT(*) = 1) d"))
                .as("exactly one decision per case").isEqualTo(ids.size());
        assertThat(count("SELECT COUNT(*) FROM (SELECT case_id, source FROM kuayu_evidence GROUP BY case_id, source"
                + " HAVING COUNT(*) > 1) dup")).as("no evidence fetched twice").isZero();
        assertThat(count("SELECT COUNT(DISTINCT case_id) FROM kuayu_evidence")).isEqualTo(ids.size());
        assertThat(count("SELECT COUNT(*) FROM act_ru_incident")).isZero();
        assertThat(count("SELECT COUNT(*) FROM act_ru_job WHERE process_instance_id_ IS NOT NULL")).isZero();

        JsonNode verified = verifyOnA(ids.get(1));
        assertThat(verified.path("valid").asBoolean()).as("a decision verifies on node A: shared keystore " + verified).isTrue();
    }

    /** An evidence worker in its own JVM (the test's classpath), fetching through {@code node}'s engine REST API. */
    private Process startWorker(String id, ClusterNode node) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), "tw.kuayu.connectors.worker.EvidenceWorker",
                "--kuayu-url=http://localhost:" + node.port, "--user=evidence.worker", "--all-sources=http://localhost:" + standInPort,
                "--worker-id=" + id, "--max-tasks=1", "--lock-seconds=" + LOCK_SECONDS, "--retry-seconds=1", "--retries=3",
                "--long-poll-seconds=2")
                .redirectErrorStream(true).redirectOutput(node.log.resolveSibling(id + ".log").toFile());
        builder.environment().put("KUAYU_WORKER_PASSWORD", "demo");
        Process worker = builder.start();
        workers.add(worker);
        return worker;
    }

    private JsonNode verifyOnA(String caseId) {
        Answer pdf = await().atMost(Duration.ofSeconds(30))
                .until(() -> a.api().get("/api/cases/" + caseId + "/decision.pdf", "tax.clerk"), r -> r.status() == 200);
        return a.api().send("POST", "/api/decisions/verify", null, "application/pdf", pdf.body()).json();
    }

    long count(String query) throws SQLException {
        try (Connection c = postgres.getDatabase("postgres", database).getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    List<String> strings(String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = postgres.getDatabase("postgres", database).getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    static void sql(String statement) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    static void sql(String database, String statement) throws SQLException {
        try (Connection c = postgres.getDatabase("postgres", database).getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
