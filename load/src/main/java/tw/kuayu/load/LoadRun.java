package tw.kuayu.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The load of issue 8 against a running engine-app (demo users): intake clients file land-value-tax
 * and public-housing applications back to back, each with its own Idempotency-Key, honour
 * {@code Retry-After} on 429/503 and retry the same key after a timeout; caseworkers take a task
 * from their worklist, claim it and complete it. Counts every answer, samples heap and RSS, and at
 * the end reads the database back for lost or duplicated cases.
 *
 * <p>Shared by the ten-minute benchmark (benchmarks' LoadTest, scripts/load-test.sh) and its
 * shortened form in the test suite (LoadIT): same clients, same promises, fewer clients and seconds.
 */
public final class LoadRun {

    public static final String LAND_TAX = "land-value-tax-self-use";
    public static final String HOUSING = "public-housing-low-income";
    /** Caseworkers in turn: each works the tasks of its agency group (step + agency → action). */
    static final List<String> WORKERS = List.of("tax.clerk", "tax.chief", "tax.clerk", "tax.chief", "udd.clerk", "udd.chief",
            "social.reviewer", "land.reviewer", "social.chief");
    static final Map<String, String> ACTIONS = Map.of(
            "review/tpe-tax", "approve", "approve/tpe-tax", "approve",
            "review/tpe-udd", "sendForReview", "jointReview/tpe-social", "concur", "jointReview/tpe-land", "concur",
            "consolidate/tpe-udd", "approve", "approve/tpe-udd", "approve", "coSign/tpe-social", "sign");
    /** A task another caseworker of the same group claimed (409) or completed (404) first: the API's documented answer to a race. */
    static final Set<String> TAKEN_FIRST = Set.of("claim 409", "claim 404", "complete 404");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final String base;
    private final int timeoutSeconds;
    private final PrintStream out;
    private final List<Thread> threads = new ArrayList<>();

    /** Counters per kind of request ("intake", "worklist", "claim", "complete") and answer ("201", "503+Retry-After", "timeout", ...). */
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> latencyMs = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();
    /** Idempotency key → case id, for every 201 (the client's acknowledged cases). */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Set<String> keysGivenUp = ConcurrentHashMap.newKeySet();
    private final LongAdder tasksCompleted = new LongAdder();

    /** One row of the table printed while the load runs; heap and RSS in MB (-1: no sample). */
    public record Sample(double seconds, long requests, double perSecond, long created, long backPressure, long errors, long tasks,
                         double heapMb, double heapMaxMb, long rssMb, double threads) {
    }

    /** The database read back after the run (no personal-data column is read). */
    public record Outcome(long stored, long open, long acknowledged, long lost, long keysTwice, long unacknowledged,
                          long givenUp, long givenUpStored, long decisionsTwice, long evidenceTwice) {
    }

    public LoadRun(int port, int timeoutSeconds, PrintStream out) {
        this.base = "http://localhost:" + port;
        this.timeoutSeconds = timeoutSeconds;
        this.out = out;
    }

    // ------------------------------------------------------------------ the run

    /** Starts the clients, prints a sample row every {@code sample}, stops the clients after {@code length}. */
    public List<Sample> run(int intake, int caseworkers, Duration length, Duration sample, long appPid) throws InterruptedException {
        for (int i = 0; i < intake; i++) {
            start("intake-" + i, this::fileApplications);
        }
        for (int i = 0; i < caseworkers; i++) {
            String user = WORKERS.get(i % WORKERS.size());
            start("caseworker-" + i, () -> workTasks(user));
        }
        List<Sample> samples = new ArrayList<>();
        long t0 = System.nanoTime();
        long end = t0 + length.toNanos();
        out.printf("%n%6s %9s %8s %8s %8s %8s %9s %9s %9s %8s %s%n", "t s", "requests", "req/s", "201", "503+RA", "errors",
                "tasks", "heap MB", "RSS MB", "threads", "load average");
        long lastRequests = 0;
        long lastT = t0;
        while (System.nanoTime() < end) {
            long wait = Math.min(sample.toNanos(), end - System.nanoTime());
            if (wait > 0) {
                stop.await(wait, TimeUnit.NANOSECONDS); // counted down only after the run: paces the samples
            }
            Map<String, Double> metrics = metrics();
            long now = System.nanoTime();
            long total = requests.sum();
            Sample s = new Sample((now - t0) / 1e9, total, (total - lastRequests) / ((now - lastT) / 1e9), count("intake 201"),
                    backPressure(), errors(), tasksCompleted.sum(), metrics.getOrDefault("heap", -1048576d) / 1048576,
                    metrics.getOrDefault("heapMax", -1048576d) / 1048576, rssKb(appPid) / 1024, metrics.getOrDefault("threads", -1d));
            samples.add(s);
            out.printf("%6.0f %9d %8.1f %8d %8d %8d %9d %9.0f %9d %8.0f %s%n", s.seconds(), s.requests(), s.perSecond(), s.created(),
                    s.backPressure(), s.errors(), s.tasks(), s.heapMb(), s.rssMb(), s.threads(), loadAverage());
            lastRequests = total;
            lastT = now;
        }
        stop.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(timeoutSeconds + 10));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf("%nAnswers in %.0f s (%d requests, %.1f/s; %d tasks completed):%n", seconds, requests.sum(),
                requests.sum() / seconds, tasksCompleted.sum());
        out.printf("%-10s %-22s %9s %12s%n", "request", "answer", "count", "mean ms");
        new TreeMap<>(answers).forEach((k, v) -> {
            String[] kind = k.split(" ", 2);
            out.printf("%-10s %-22s %9d %12.0f%n", kind[0], kind[1], v.sum(),
                    latencyMs.getOrDefault(k, new LongAdder()).sum() / (double) v.sum());
        });
        return samples;
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        threads.add(t);
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(timeoutSeconds));
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

    /** Every answer so far: "request answer" (e.g. "intake 503+Retry-After") → count. */
    public Map<String, Long> answers() {
        Map<String, Long> copy = new TreeMap<>();
        answers.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    public long backPressure() {
        return answers.entrySet().stream().filter(e -> e.getKey().endsWith("+Retry-After")).mapToLong(e -> e.getValue().sum()).sum();
    }

    /** Answers that are neither success, nor documented back-pressure, nor a task taken first by a colleague. */
    public long errors() {
        return answers.entrySet().stream().filter(e -> {
            String outcome = e.getKey().split(" ", 2)[1];
            return !outcome.startsWith("2") && !outcome.endsWith("+Retry-After") && !TAKEN_FIRST.contains(e.getKey());
        }).mapToLong(e -> e.getValue().sum()).sum();
    }

    public long tasksCompleted() {
        return tasksCompleted.sum();
    }

    /** Whether the engine-app answers its health check (before the load starts). */
    public boolean up() {
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

    /** Heap in use, heap limit and live threads from the Prometheus scrape (as the demo manager). */
    private Map<String, Double> metrics() {
        Map<String, Double> m = new HashMap<>();
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("manager:demo".getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(timeoutSeconds)).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    m.merge("heap", value(line), Double::sum);
                } else if (line.startsWith("jvm_memory_max_bytes{") && line.contains("area=\"heap\"") && value(line) > 0) {
                    m.merge("heapMax", value(line), Double::sum);
                } else if (line.startsWith("jvm_threads_live_threads")) {
                    m.put("threads", value(line));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no sample this time; shown as -1
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return m;
    }

    private static double value(String prometheusLine) {
        return Double.parseDouble(prometheusLine.substring(prometheusLine.lastIndexOf(' ') + 1));
    }

    // ------------------------------------------------------------------ the end: lost or duplicated cases

    /** Reads case ids, idempotency keys and decision counts back from the engine-app's database and prints them. */
    public Outcome check(Supplier<Connection> database) throws Exception {
        Map<String, Integer> rowsPerKey = new HashMap<>();
        Set<String> stored = new HashSet<>();
        long decisionsTwice;
        long openCases;
        long evidenceTwice;
        try (Connection c = database.get(); Statement s = c.createStatement()) {
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
        }
        Outcome o = new Outcome(stored.size(), openCases, acknowledged.size(),
                acknowledged.values().stream().filter(id -> !stored.contains(id)).count(),
                rowsPerKey.values().stream().filter(n -> n > 1).count(),
                rowsPerKey.keySet().stream().filter(k -> !acknowledged.containsKey(k)).count(),
                keysGivenUp.size(), keysGivenUp.stream().filter(rowsPerKey::containsKey).count(), decisionsTwice, evidenceTwice);
        out.printf("%nDatabase at the end: %d cases (%d open, %d closed)%n", o.stored(), o.open(), o.stored() - o.open());
        out.printf("acknowledged (201) cases: %d; lost (201 but not stored): %d%n", o.acknowledged(), o.lost());
        out.printf("idempotency keys stored twice (duplicated cases): %d%n", o.keysTwice());
        out.printf("stored without a 201 to the client (answer cut off at the end of the run): %d%n", o.unacknowledged());
        out.printf("applications refused (503/timeout) and not sent again because the run ended: %d, of which stored: %d%n",
                o.givenUp(), o.givenUpStored());
        out.printf("cases with two current decisions: %d; evidence records stored twice: %d%n", o.decisionsTwice(), o.evidenceTwice());
        return o;
    }

    private static long single(Statement s, String query) throws Exception {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ------------------------------------------------------------------ machine

    /** Resident set size of a process from /proc (Linux), in kB; -1 when unknown. */
    public static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process ended
        }
        return -1;
    }

    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
