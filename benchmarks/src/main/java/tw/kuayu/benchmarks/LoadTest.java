package tw.kuayu.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.awaitility.Awaitility;

/**
 * Load (issue 8): the packaged engine-app on an embedded PostgreSQL (profiles demo + postgres, a
 * bounded heap) under 500 concurrent intake clients and 50 concurrent caseworkers for ten minutes.
 * Intake clients file land-value-tax and public-housing applications back to back, each with its
 * own Idempotency-Key, honour {@code Retry-After} on 429/503 and retry the same key after a
 * timeout; caseworkers take a task from their worklist, claim it and complete it.
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

    static final String LAND_TAX = "land-value-tax-self-use";
    static final String HOUSING = "public-housing-low-income";
    /** Caseworkers in turn: each works the tasks of its agency group (step + agency → action). */
    static final List<String> WORKERS = List.of("tax.clerk", "tax.chief", "tax.clerk", "tax.chief", "udd.clerk", "udd.chief",
            "social.reviewer", "land.reviewer", "social.chief");
    static final Map<String, String> ACTIONS = Map.of(
            "review/tpe-tax", "approve", "approve/tpe-tax", "approve",
            "review/tpe-udd", "sendForReview", "jointReview/tpe-social", "concur", "jointReview/tpe-land", "concur",
            "consolidate/tpe-udd", "approve", "approve/tpe-udd", "approve", "coSign/tpe-social", "sign");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final String base;

    /** Counters per kind of request ("intake", "worklist", "claim", "complete") and answer ("201", "503+RA", "timeout", ...). */
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> latencyMs = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();
    /** Idempotency key → case id, for every 201 (the client's acknowledged cases). */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Set<String> keysGivenUp = ConcurrentHashMap.newKeySet();
    private final LongAdder tasksCompleted = new LongAdder();

    private LoadTest(int port) {
        this.base = "http://localhost:" + port;
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
                System.getProperty("java.version"), memTotal(), ThroughputBenchmark.load());
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
                LoadTest test = new LoadTest(port);
                Awaitility.await("engine-app ready").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                        .failFast("engine-app exited; see " + dir.resolve("app.log"), () -> !app.isAlive())
                        .until(test::up);
                test.run(app.pid());
                test.check(postgres);
                System.out.printf("%nload average after: %s; engine-app errors logged: %d%n", ThroughputBenchmark.load(),
                        Files.readAllLines(dir.resolve("app.log")).stream().filter(l -> l.contains(" ERROR ")).count());
            } finally {
                app.destroy();
                app.waitFor();
            }
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------ the run

    private void run(long pid) throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < INTAKE; i++) {
            threads.add(start("intake-" + i, this::fileApplications));
        }
        for (int i = 0; i < CASEWORKERS; i++) {
            String user = WORKERS.get(i % WORKERS.size());
            threads.add(start("caseworker-" + i, () -> workTasks(user)));
        }
        long t0 = System.nanoTime();
        long end = t0 + (long) (MINUTES * 60e9);
        System.out.printf("%n%6s %9s %8s %8s %8s %8s %9s %9s %9s %8s %s%n", "t s", "requests", "req/s", "201", "503+RA", "errors",
                "tasks", "heap MB", "RSS MB", "threads", "load average");
        long lastRequests = 0;
        long lastT = t0;
        while (System.nanoTime() < end) {
            long wait = Math.min(SAMPLE_SECONDS * 1_000_000_000L, end - System.nanoTime());
            if (wait > 0) {
                stop.await(wait, TimeUnit.NANOSECONDS); // counted down only after the run: paces the samples

            }
            Map<String, Double> metrics = metrics();
            long now = System.nanoTime();
            long total = requests.sum();
            System.out.printf("%6.0f %9d %8.1f %8d %8d %8d %9d %9.0f %9d %8.0f %s%n", (now - t0) / 1e9, total,
                    (total - lastRequests) / ((now - lastT) / 1e9), count("intake 201"), backPressure(), errors(),
                    tasksCompleted.sum(), metrics.getOrDefault("heap", -1d) / 1048576, rssKb(pid) / 1024,
                    metrics.getOrDefault("threads", -1d), ThroughputBenchmark.load());
            lastRequests = total;
            lastT = now;
        }
        stop.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS + 10));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%nAnswers in %.0f s (%d requests, %.1f/s; %d tasks completed):%n", seconds, requests.sum(),
                requests.sum() / seconds, tasksCompleted.sum());
        System.out.printf("%-10s %-22s %9s %12s%n", "request", "answer", "count", "mean ms");
        new TreeMap<>(answers).forEach((k, v) -> {
            String[] kind = k.split(" ", 2);
            System.out.printf("%-10s %-22s %9d %12.0f%n", kind[0], kind[1], v.sum(),
                    latencyMs.getOrDefault(k, new LongAdder()).sum() / (double) v.sum());
        });
    }

    private Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** One intake client: files applications back to back; a refused or lost one is sent again with the same key. */
    private void fileApplications() {
        while (stop.getCount() > 0) {
            boolean housing = ThreadLocalRandom.current().nextInt(10) < 3;
            String user = housing ? "udd.clerk" : "tax.clerk";
            Map<String, Object> body = Map.of("caseType", housing ? HOUSING : LAND_TAX,
                    "applicant", Map.of("nationalId", "A123456789", "name", "王小明"),
                    "data", housing ? Map.of("housingProject", "興隆公共住宅二區", "unitType", "二房型")
                            : Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
            String key = UUID.randomUUID().toString();
            while (true) {
                Answer a = send("intake", "POST", "/api/cases", user, body, "Idempotency-Key", key);
                if (a.status == 201) {
                    acknowledged.put(key, a.json().path("id").asText());
                    break;
                }
                long retryAfter = a.retryAfterSeconds();
                if (stop.getCount() == 0) {
                    if (a.status <= 0 || a.status >= 500) {
                        keysGivenUp.add(key);
                    }
                    break;
                }
                if (a.status > 0 && retryAfter < 0 && a.status < 500) {
                    break; // a client error is not retried
                }
                pause(retryAfter >= 0 ? TimeUnit.SECONDS.toMillis(retryAfter) : 1000);
            }
        }
    }

    /** One caseworker: takes a random task of its first worklist page, claims it and completes it. */
    private void workTasks(String user) {
        while (stop.getCount() > 0) {
            Answer page = send("worklist", "GET", "/api/tasks?size=50", user, null);
            List<JsonNode> tasks = new ArrayList<>();
            if (page.status == 200) {
                page.json().path("items").forEach(tasks::add);
            }
            if (tasks.isEmpty()) {
                pause(page.retryAfterSeconds() >= 0 ? TimeUnit.SECONDS.toMillis(page.retryAfterSeconds()) : 500);
                continue;
            }
            JsonNode task = tasks.get(ThreadLocalRandom.current().nextInt(tasks.size()));
            String action = ACTIONS.get(task.path("step").asText() + "/" + task.path("agency").asText());
            if (action == null) {
                continue;
            }
            String id = task.path("id").asText();
            if (send("claim", "POST", "/api/tasks/" + id + "/claim", user, null).status != 204) {
                continue; // another caseworker of the same group took it first
            }
            if (send("complete", "POST", "/api/tasks/" + id + "/complete", user, Map.of("action", action, "opinion", "無意見。"))
                    .status == 204) {
                tasksCompleted.increment();
            }
        }
    }

    private void pause(long millis) {
        try {
            stop.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ HTTP

    record Answer(int status, String body, String retryAfter) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }

        long retryAfterSeconds() {
            try {
                return retryAfter == null ? -1 : Long.parseLong(retryAfter.trim());
            } catch (NumberFormatException httpDate) {
                return 1;
            }
        }
    }

    private Answer send(String kind, String method, String path, String user, Object body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(TIMEOUT_SECONDS));
        request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        long t0 = System.nanoTime();
        Answer answer;
        String outcome;
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            answer = new Answer(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
            outcome = r.statusCode() + ((r.statusCode() == 429 || r.statusCode() == 503)
                    ? (answer.retryAfter() != null ? "+Retry-After" : " without Retry-After") : "");
        } catch (HttpTimeoutException e) {
            answer = new Answer(-1, "", null);
            outcome = "timeout";
        } catch (IOException e) {
            answer = new Answer(-2, "", null);
            outcome = "I/O error";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = new Answer(-3, "", null);
            outcome = "interrupted";
        }
        requests.increment();
        String k = kind + " " + outcome;
        answers.computeIfAbsent(k, x -> new LongAdder()).increment();
        latencyMs.computeIfAbsent(k, x -> new LongAdder()).add((System.nanoTime() - t0) / 1_000_000);
        return answer;
    }

    private long count(String key) {
        LongAdder a = answers.get(key);
        return a == null ? 0 : a.sum();
    }

    private long backPressure() {
        return answers.entrySet().stream().filter(e -> e.getKey().endsWith("+Retry-After")).mapToLong(e -> e.getValue().sum()).sum();
    }

    /** A task another caseworker of the same group claimed (409) or completed (404) first: the API's documented answer to a race. */
    static final Set<String> TAKEN_FIRST = Set.of("claim 409", "claim 404", "complete 404");

    /** Answers that are neither success, nor documented back-pressure, nor a task taken first by a colleague. */
    private long errors() {
        return answers.entrySet().stream().filter(e -> {
            String outcome = e.getKey().split(" ", 2)[1];
            return !outcome.startsWith("2") && !outcome.endsWith("+Retry-After") && !TAKEN_FIRST.contains(e.getKey());
        }).mapToLong(e -> e.getValue().sum()).sum();
    }

    private boolean up() {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body().contains("\"UP\"");
        } catch (IOException notListening) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Heap in use and live threads from the Prometheus scrape (as the demo manager). */
    private Map<String, Double> metrics() {
        Map<String, Double> m = new HashMap<>();
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("manager:demo".getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(TIMEOUT_SECONDS)).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    m.merge("heap", Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
                } else if (line.startsWith("jvm_threads_live_threads")) {
                    m.put("threads", Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no sample this time; shown as -1
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return m;
    }

    // ------------------------------------------------------------------ the end: lost or duplicated cases

    /** Reads case ids, idempotency keys and decision counts back (no personal-data column is read). */
    private void check(EmbeddedPostgres postgres) throws Exception {
        Map<String, Integer> rowsPerKey = new HashMap<>();
        Set<String> stored = new HashSet<>();
        long decisionsTwice;
        long openCases;
        long closedCases;
        long evidenceTwice;
        try (Connection c = postgres.getDatabase("postgres", "kuayu_load").getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, idempotency_key FROM kuayu_case")) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                    if (rs.getString(2) != null) {
                        rowsPerKey.merge(rs.getString(2), 1, Integer::sum);
                    }
                }
            }
            decisionsTwice = single(s, "SELECT COUNT(*) FROM (SELECT case_id FROM kuayu_decision WHERE status <> 'discarded'"
                    + " GROUP BY case_id HAVING COUNT(*) > 1) d");
            evidenceTwice = single(s, "SELECT COUNT(*) FROM (SELECT case_id, source, record_type FROM kuayu_evidence"
                    + " GROUP BY case_id, source, record_type HAVING COUNT(*) > 1) d");
            openCases = single(s, "SELECT COUNT(*) FROM kuayu_case WHERE status = 'in-progress'");
            closedCases = stored.size() - openCases;
        }
        long lost = acknowledged.values().stream().filter(id -> !stored.contains(id)).count();
        long keysTwice = rowsPerKey.values().stream().filter(n -> n > 1).count();
        long unacknowledged = rowsPerKey.keySet().stream().filter(k -> !acknowledged.containsKey(k)).count();
        System.out.printf("%nDatabase at the end: %d cases (%d open, %d closed)%n", stored.size(), openCases, closedCases);
        System.out.printf("acknowledged (201) cases: %d; lost (201 but not stored): %d%n", acknowledged.size(), lost);
        System.out.printf("idempotency keys stored twice (duplicated cases): %d%n", keysTwice);
        System.out.printf("stored without a 201 to the client (answer cut off at the end of the run): %d%n", unacknowledged);
        System.out.printf("applications refused (503/timeout) and not sent again because the run ended: %d, of which stored: %d%n",
                keysGivenUp.size(), keysGivenUp.stream().filter(rowsPerKey::containsKey).count());
        System.out.printf("cases with two current decisions: %d; evidence records stored twice: %d%n", decisionsTwice, evidenceTwice);
    }

    private static long single(Statement s, String query) throws Exception {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ------------------------------------------------------------------ machine

    static long rssKb(long pid) {
        try {
            return DemoJarProbe.rssKb(pid);
        } catch (Exception e) {
            return -1;
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
