package tw.kuayu.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseStatus;

/**
 * Crash and restart (issue 8): the packaged engine-app on PostgreSQL is killed with SIGKILL while
 * intake requests, slow agency lookups and decision signing jobs are in flight, then started again
 * on the same database and data directory. Every acknowledged case (every 201) is there and goes on
 * to its end; no evidence record is stored twice; every decision is issued exactly once with its
 * signed PDF, whose signatures verify; the audit chain still verifies.
 */
class CrashRestartIT {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CrashRestartIT.class);

    static final String LAND_TAX = "land-value-tax-self-use";
    static final String HOUSING = "public-housing-low-income";
    static final Map<String, Object> PARCEL = Map.of("parcelNo", "大安區龍泉段二小段0123-0000");
    static final Map<String, Object> UNIT = Map.of("housingProject", "興隆公共住宅二區", "unitType", "二房型");
    static final int LOCK_SECONDS = 10;
    static final int SLOW_LOOKUP_MS = 8000;
    static final Set<String> DECISION_STEPS = Set.of("issueDecision", "coSignDecision");

    /** Who completes each step of the two flows, and how (step + agency → user, action). */
    static final Map<String, String[]> ACTORS = Map.of(
            "review/tpe-tax", new String[] {"tax.clerk", "approve"},
            "approve/tpe-tax", new String[] {"tax.chief", "approve"},
            "review/tpe-udd", new String[] {"udd.clerk", "sendForReview"},
            "jointReview/tpe-social", new String[] {"social.reviewer", "concur"},
            "jointReview/tpe-land", new String[] {"land.reviewer", "concur"},
            "consolidate/tpe-udd", new String[] {"udd.clerk", "approve"},
            "approve/tpe-udd", new String[] {"udd.chief", "approve"},
            "coSign/tpe-social", new String[] {"social.chief", "sign"});

    static EmbeddedPostgres postgres;
    static Path dir;
    static List<String> common;
    static ClusterNode before;
    static ClusterNode after;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE kuayu_crash");
        }
        dir = Files.createTempDirectory("kuayu-crash-it");
        common = List.of("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "kuayu_crash"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--kuayu.data-dir=" + dir.resolve("data"),
                "--camunda.bpm.job-execution.wait-time-in-millis=200", "--camunda.bpm.job-execution.max-wait=1000",
                // the killed JVM's jobs are taken over by the restarted one once their lock expires
                "--camunda.bpm.job-execution.lock-time-in-millis=" + LOCK_SECONDS * 1000);
        before = new ClusterNode("before", dir);
        before.start(withStandIn());
        before.awaitUp();
    }

    static int standInPort;

    /** A fresh stand-in port per start: the killed JVM's port may still be in TIME_WAIT. */
    static List<String> withStandIn() throws Exception {
        standInPort = ClusterNode.freePort();
        List<String> arguments = new ArrayList<>(common);
        arguments.add("--kuayu.standin.port=" + standInPort);
        return arguments;
    }

    @AfterAll
    static void stop() throws Exception {
        for (ClusterNode node : new ClusterNode[] {before, after}) {
            if (node != null) {
                node.stop();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void acknowledgedCasesSurviveASigkillWithLookupsAndSigningInFlight() throws Exception {
        Set<String> acknowledged = Collections.synchronizedSet(new LinkedHashSet<>());
        Map<String, String> typeOf = Collections.synchronizedMap(new HashMap<>());

        // cases one click before a decision: land tax at 核定, housing at 核定 (draft) and at 會銜 (co-signature)
        List<String> landAtApproval = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            landAtApproval.add(file(before, LAND_TAX, acknowledged, typeOf));
        }
        String housingAtApproval = file(before, HOUSING, acknowledged, typeOf);
        String housingAtCoSign = file(before, HOUSING, acknowledged, typeOf);
        List<Runnable> lastClicks = new ArrayList<>();
        for (String id : landAtApproval) {
            advanceTo(before, id, "tax.clerk", "approve");
            lastClicks.add(() -> complete(before, id, "tax.clerk", "approve"));
        }
        advanceTo(before, housingAtApproval, "udd.clerk", "approve");
        lastClicks.add(() -> complete(before, housingAtApproval, "udd.clerk", "approve"));
        advanceTo(before, housingAtCoSign, "udd.clerk", "coSign");
        lastClicks.add(() -> complete(before, housingAtCoSign, "udd.clerk", "coSign"));

        // the household registry answers slowly from now on: evidence lookups stay in flight
        Answer slow = new ApiClient(standInPort).send("PUT", "/_admin/faults/household", null, "application/json",
                ("{\"mode\":\"SLOW\",\"latencyMs\":" + SLOW_LOOKUP_MS + "}").getBytes());
        assertThat(slow.status()).as(slow.text()).isEqualTo(200);

        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(2 + lastClicks.size());
        List<Future<?>> filers = new ArrayList<>();
        for (String type : List.of(LAND_TAX, HOUSING)) {
            filers.add(clients.submit(() -> {
                while (!killed.get()) {
                    try {
                        file(before, type, acknowledged, typeOf);
                    } catch (RuntimeException | AssertionError refusedOrCutOff) {
                        // in flight when the JVM died: never acknowledged, so nothing is promised
                    }
                }
            }));
        }
        List<Future<?>> clicks = new ArrayList<>();
        lastClicks.forEach(click -> clicks.add(clients.submit(click)));
        for (Future<?> click : clicks) {
            click.get(60, TimeUnit.SECONDS);
        }

        // kill while the job executor holds both a slow lookup and a decision being rendered and signed
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> lockedJobs(DECISION_STEPS) > 0 && lockedJobs(Set.of("fetchEvidence")) > 0);
        long signingAtKill = lockedJobs(DECISION_STEPS);
        long lookupsAtKill = lockedJobs(Set.of("fetchEvidence"));
        before.kill();
        killed.set(true);
        for (Future<?> filer : filers) {
            filer.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        long decisionsAtKill = count("SELECT COUNT(*) FROM kuayu_decision");
        log.info("At SIGKILL: {} acknowledged cases, {} decision jobs and {} evidence jobs locked, {} decision rows",
                acknowledged.size(), signingAtKill, lookupsAtKill, decisionsAtKill);
        assertThat(signingAtKill).as("decision jobs in flight at the kill").isPositive();
        assertThat(lookupsAtKill).as("evidence lookups in flight at the kill").isPositive();

        after = new ClusterNode("after", dir);
        after.start(withStandIn());
        after.awaitUp();

        // every acknowledged case is there; cases committed whose 201 never arrived are finished as well
        Set<String> stored = new HashSet<>();
        for (String row : strings("SELECT id || ' ' || case_type FROM kuayu_case")) {
            String[] idAndType = row.split(" ");
            stored.add(idAndType[0]);
            typeOf.putIfAbsent(idAndType[0], idAndType[1]);
        }
        assertThat(stored).as("every case answered 201 is stored").containsAll(acknowledged);
        for (String id : acknowledged) {
            Answer view = after.api().get("/api/cases/" + id, owner(typeOf.get(id)));
            assertThat(view.status()).as(view.text()).isEqualTo(200);
        }
        finishAll(after, stored, typeOf);

        for (String id : stored) {
            JsonNode view = after.cases.caseView(id, owner(typeOf.get(id)));
            assertThat(view.path("status").asText()).as("case " + id).isEqualTo(CaseStatus.APPROVED);
            assertThat(view.path("decision").path("status").asText()).as("case " + id).isEqualTo("issued");
            assertThat(view.path("problems")).as("case " + id + " has no incident").isEmpty();
        }
        assertThat(count("SELECT COUNT(*) FROM (SELECT case_id FROM kuayu_decision GROUP BY case_id HAVING COUNT(*) <> 1) d"))
                .as("exactly one decision row per case, no discarded half-issued draft").isZero();
        assertThat(count("SELECT COUNT(DISTINCT case_id) FROM kuayu_decision")).isEqualTo(stored.size());
        assertThat(count("SELECT COUNT(DISTINCT document_no) FROM kuayu_decision")).as("no document number used twice")
                .isEqualTo(stored.size());
        assertThat(count("SELECT COUNT(*) FROM kuayu_decision WHERE pdf IS NULL OR sha256 IS NULL OR status <> 'issued'"))
                .as("no decision row without its signed PDF").isZero();
        assertThat(count("SELECT COUNT(*) FROM (SELECT case_id, source, record_type FROM kuayu_evidence"
                + " GROUP BY case_id, source, record_type HAVING COUNT(*) > 1) dup")).as("no evidence record stored twice").isZero();
        assertThat(count("SELECT COUNT(*) FROM act_ru_job WHERE process_instance_id_ IS NOT NULL")).as("no job left").isZero();
        assertThat(count("SELECT COUNT(*) FROM act_ru_incident")).isZero();

        for (String id : stored) {
            boolean housing = HOUSING.equals(typeOf.get(id));
            String user = owner(typeOf.get(id));
            JsonNode decision = after.cases.caseView(id, user).path("decision");
            Answer pdf = after.api().get("/api/cases/" + id + "/decision.pdf", user);
            assertThat(pdf.status()).as(pdf.text()).isEqualTo(200);
            assertThat(sha256(pdf.body())).as("served file is the stored, signed one").isEqualTo(decision.path("sha256").asText());
            JsonNode verified = after.api().send("POST", "/api/decisions/verify", null, "application/pdf", pdf.body()).json();
            assertThat(verified.path("valid").asBoolean()).as(verified.toString()).isTrue();
            assertThat(verified.path("modifiedAfterSigning").asBoolean()).isFalse();
            assertThat(verified.path("signatures")).as("each agency signed once: " + verified).hasSize(housing ? 2 : 1)
                    .allSatisfy(s -> assertThat(s.path("valid").asBoolean()).isTrue());
        }

        JsonNode chain = after.api().get("/api/audit/data-access/verify", "auditor").json();
        assertThat(chain.path("valid").asBoolean()).as("audit chain: " + chain).isTrue();
        assertThat(chain.path("entries").asLong()).isEqualTo(count("SELECT COUNT(*) FROM kuayu_data_access_log"));
        assertThat(before.logText() + after.logText()).doesNotContain("A123456789");
    }

    // ------------------------------------------------------------------ driving cases

    static String owner(String caseType) {
        return LAND_TAX.equals(caseType) ? "tax.clerk" : "udd.clerk";
    }

    static String file(ClusterNode node, String caseType, Set<String> acknowledged, Map<String, String> typeOf) {
        String id = node.cases.file(owner(caseType), caseType, "A123456789", "王小明", LAND_TAX.equals(caseType) ? PARCEL : UNIT);
        typeOf.put(id, caseType);
        acknowledged.add(id);
        return id;
    }

    /** Completes every step of the case before {@code step}, leaving that one open. */
    static void advanceTo(ClusterNode node, String caseId, String user, String step) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<JsonNode> open = openTasks(node, caseId, user);
            if (open.stream().anyMatch(t -> t.path("step").asText().equals(step))) {
                return true;
            }
            open.forEach(t -> completeTask(node, t));
            return false;
        });
    }

    static void complete(ClusterNode node, String caseId, String user, String step) {
        openTasks(node, caseId, user).stream().filter(t -> t.path("step").asText().equals(step)).forEach(t -> completeTask(node, t));
    }

    /** Acts on every open task of every case until each is closed with its decision issued. */
    static void finishAll(ClusterNode node, Set<String> ids, Map<String, String> typeOf) {
        Set<String> open = new HashSet<>(ids);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (String id : List.copyOf(open)) {
                JsonNode view = node.cases.caseView(id, owner(typeOf.get(id)));
                if (!view.path("status").asText().equals(CaseStatus.IN_PROGRESS)
                        && "issued".equals(view.path("decision").path("status").asText())) {
                    open.remove(id);
                    continue;
                }
                view.path("tasks").forEach(t -> completeTask(node, t));
            }
            return open.isEmpty();
        });
    }

    static List<JsonNode> openTasks(ClusterNode node, String caseId, String user) {
        List<JsonNode> tasks = new ArrayList<>();
        node.cases.caseView(caseId, user).path("tasks").forEach(tasks::add);
        return tasks;
    }

    static void completeTask(ClusterNode node, JsonNode task) {
        String[] actor = ACTORS.get(task.path("step").asText() + "/" + task.path("agency").asText());
        assertThat(actor).as("known step " + task).isNotNull();
        Answer done = node.api().postJson("/api/tasks/" + task.path("id").asText() + "/complete", actor[0],
                Map.of("action", actor[1], "opinion", "無意見。"));
        // 404/409: another round completed it already
        assertThat(done.status()).as(task + ": " + done.text()).isIn(204, 404, 409);
    }

    // ------------------------------------------------------------------ database (no personal-data columns)

    static long lockedJobs(Set<String> activities) throws SQLException {
        return count("SELECT COUNT(*) FROM act_ru_job j JOIN act_ru_jobdef d ON j.job_def_id_ = d.id_"
                + " WHERE j.lock_owner_ IS NOT NULL AND d.act_id_ IN ('" + String.join("','", activities) + "')");
    }

    static long count(String query) throws SQLException {
        return Long.parseLong(strings(query).get(0));
    }

    static List<String> strings(String query) throws SQLException {
        try (Connection c = postgres.getDatabase("postgres", "kuayu_crash").getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
