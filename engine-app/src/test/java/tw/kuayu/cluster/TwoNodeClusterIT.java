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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseStatus;

/**
 * Two engine-app nodes on one PostgreSQL (docs/operations.md: Running a cluster): node A runs the
 * agency stand-in, node B points its connectors at it; both run the job executor and share one
 * demo keystore directory. Cases are filed on both; node B is killed with SIGKILL while its job
 * executor holds evidence jobs (the stand-in is made slow so that it does); every case then
 * finishes on node A with its evidence fetched once and exactly one decision.
 */
class TwoNodeClusterIT {

    static final List<String> SOURCES = List.of("household", "land", "tax", "business", "welfare");
    static final Map<String, Object> PARCEL = Map.of("parcelNo", "大安區龍泉段二小段0123-0000");
    static final int CASES_PER_NODE = 3;
    static final int LOCK_SECONDS = 15;

    static EmbeddedPostgres postgres;
    static ClusterNode a;
    static ClusterNode b;
    static String jdbcUrl;
    static int standInPort;

    @BeforeAll
    static void startCluster() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        sql("CREATE DATABASE kuayu_cluster");
        jdbcUrl = postgres.getJdbcUrl("postgres", "kuayu_cluster");
        Path dir = Files.createTempDirectory("kuayu-cluster-it");
        standInPort = ClusterNode.freePort();
        a = new ClusterNode("a", dir);
        b = new ClusterNode("b", dir);

        List<String> common = List.of("--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                // one keystore directory for both nodes: either node's signatures verify on the other
                "--kuayu.data-dir=" + dir.resolve("shared"),
                "--camunda.bpm.job-execution.wait-time-in-millis=200", "--camunda.bpm.job-execution.max-wait=1000",
                // a dead node's jobs are taken over once their lock expires
                "--camunda.bpm.job-execution.lock-time-in-millis=" + LOCK_SECONDS * 1000);
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
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (a != null) {
            a.stop();
        }
        if (b != null) {
            b.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void everyCaseFinishesExactlyOnceAfterANodeIsKilledHoldingWork() throws Exception {
        assertThat(count("SELECT COUNT(*) FROM act_id_user WHERE id_ = 'tax.clerk'")).isEqualTo(1);
        ApiClient standIn = new ApiClient(standInPort);
        Answer slow = standIn.send("PUT", "/_admin/faults/household", null, "application/json",
                "{\"mode\":\"SLOW\",\"latencyMs\":4000}".getBytes());
        assertThat(slow.status()).as(slow.text()).isEqualTo(200);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CASES_PER_NODE; i++) {
            ids.add(a.cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明", PARCEL));
            ids.add(b.cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明", PARCEL));
        }
        // both job executors are inside a (slow) lookup: two lock owners hold jobs
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                count("SELECT COUNT(DISTINCT lock_owner_) FROM act_ru_job WHERE lock_exp_time_ IS NOT NULL") == 2);
        b.kill();
        long orphaned = count("SELECT COUNT(*) FROM act_ru_job WHERE lock_exp_time_ IS NOT NULL");
        assertThat(orphaned).as("jobs locked when node B died").isPositive();
        standIn.send("DELETE", "/_admin/faults/household", null, null, null);
        assertThat(a.isUp()).isTrue();

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
        assertThat(a.logText() + b.logText()).doesNotContain("A123456789");
    }

    private JsonNode verifyOnA(String caseId) {
        Answer pdf = await().atMost(Duration.ofSeconds(30))
                .until(() -> a.api().get("/api/cases/" + caseId + "/decision.pdf", "tax.clerk"), r -> r.status() == 200);
        return a.api().send("POST", "/api/decisions/verify", null, "application/pdf", pdf.body()).json();
    }

    static long count(String query) throws SQLException {
        try (Connection c = postgres.getDatabase("postgres", "kuayu_cluster").getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void sql(String statement) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
