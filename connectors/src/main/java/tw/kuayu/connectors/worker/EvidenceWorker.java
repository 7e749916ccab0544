package tw.kuayu.connectors.worker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.camunda.bpm.client.ExternalTaskClient;
import org.camunda.bpm.client.ExternalTaskClientBuilder;
import org.camunda.bpm.client.backoff.ExponentialBackoffStrategy;
import org.camunda.bpm.client.interceptor.auth.BasicAuthProvider;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.camunda.bpm.client.topic.TopicSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tw.kuayu.connectors.AgencyConnector;
import tw.kuayu.connectors.ConnectorException;
import tw.kuayu.connectors.ConnectorRegistry;
import tw.kuayu.connectors.EvidenceRecord;
import tw.kuayu.connectors.EvidenceRequest;
import tw.kuayu.connectors.NationalId;
import tw.kuayu.connectors.ResilientConnector;
import tw.kuayu.connectors.SourceSettings;

/**
 * A separate evidence worker process: fetches and locks the {@code ${fetchEvidence}} external tasks
 * of the engine (when engine-app runs with {@code kuayu.connectors.external-workers.enabled}), asks
 * Kuayu which records the case still needs, fetches each from its source through the same
 * connectors and hands the answer back; Kuayu stores the evidence and writes the data-access log.
 * A source that fails fails the task with one retry fewer (the engine raises the incident when none
 * are left); a refusal fails it with none. Run as many as you like: the engine locks each task for
 * one worker.
 *
 * <pre>
 * java -cp ... tw.kuayu.connectors.worker.EvidenceWorker --kuayu-url=http://localhost:8080 --user=evidence.worker
 *      [--password=... | env KUAYU_WORKER_PASSWORD] [--source=household=https://gw.example.gov.tw ...]
 *      [--all-sources=http://localhost:8091] [--api-key=household=... | env KUAYU_&lt;SOURCE&gt;_API_KEY]
 *      [--topic=kuayu-evidence] [--worker-id=...] [--max-tasks=4] [--lock-seconds=120] [--retries=5] [--retry-seconds=60]
 *      [--long-poll-seconds=10]
 * </pre>
 */
public final class EvidenceWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EvidenceWorker.class);
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** How the worker runs; see {@link #main}. */
    public record Settings(String kuayuUrl, String user, String password, Map<String, SourceSettings> sources, String topic,
                           String workerId, int maxTasks, Duration lock, int retries, Duration retryTimeout, Duration longPoll) {
    }

    public record Lookup(String source, EvidenceRequest request) {
    }

    private final Settings settings;
    private final ConnectorRegistry connectors;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String authorization;
    private final Clock clock = Clock.systemUTC();
    private ExternalTaskClient client;
    private TopicSubscription subscription;

    public EvidenceWorker(Settings settings) {
        this.settings = settings;
        this.connectors = ConnectorRegistry.fromSettings(settings.sources(), ResilientConnector.defaultConfig(), clock);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((settings.user() + ":" + settings.password())
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Starts polling the engine. */
    public EvidenceWorker start() {
        ExternalTaskClientBuilder builder = ExternalTaskClient.create()
                .baseUrl(settings.kuayuUrl() + "/engine-rest")
                .workerId(settings.workerId())
                .maxTasks(settings.maxTasks())
                .addInterceptor(new BasicAuthProvider(settings.user(), settings.password()));
        if (settings.longPoll().isZero()) {
            // no long polling: ask again after at most two seconds when there was nothing to do
            builder.backoffStrategy(new ExponentialBackoffStrategy(250L, 2f, 2000L));
        } else {
            builder.asyncResponseTimeout(settings.longPoll().toMillis());
        }
        client = builder.build();
        subscription = client.subscribe(settings.topic())
                .lockDuration(settings.lock().toMillis())
                .variables("caseId", "caseNo")
                .handler(this::handle)
                .open();
        log.info("evidence worker {} polling topic {} at {} for sources {}", settings.workerId(), settings.topic(), settings.kuayuUrl(),
                connectors.sources());
        return this;
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
        if (client != null) {
            client.stop();
        }
    }

    void handle(ExternalTask task, ExternalTaskService service) {
        String caseId = task.getVariable("caseId");
        try {
            for (Lookup lookup : lookups(caseId)) {
                fetch(caseId, lookup);
            }
            service.complete(task);
            log.info("evidence of case {} complete (task {})", (Object) task.getVariable("caseNo"), task.getId());
        } catch (ConnectorException e) {
            int left = e.retryable() ? (task.getRetries() == null ? settings.retries() : task.getRetries()) - 1 : 0;
            log.warn("evidence of case {} failed, {} retries left: {}", (Object) task.getVariable("caseNo"), Math.max(left, 0), e.getMessage());
            service.handleFailure(task, e.getMessage(), e.source() + " " + e.kind(), Math.max(left, 0), settings.retryTimeout().toMillis());
        } catch (RuntimeException e) {
            // Kuayu itself could not be reached or refused the call: keep the retries, try again after the timeout
            int left = (task.getRetries() == null ? settings.retries() : task.getRetries()) - 1;
            log.warn("evidence of case {} could not be handed to Kuayu: {}", (Object) task.getVariable("caseNo"), e.toString());
            service.handleFailure(task, "證據調閱工作程序無法連線至本系統：" + e.getMessage(), e.toString(), Math.max(left, 0),
                    settings.retryTimeout().toMillis());
        }
    }

    private void fetch(String caseId, Lookup lookup) {
        AgencyConnector connector = connectors.get(lookup.source());
        EvidenceRequest request = lookup.request();
        Instant started = clock.instant();
        EvidenceRecord record;
        try {
            record = connector.fetch(request);
        } catch (ConnectorException e) {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("source", lookup.source());
            failure.put("recordType", request.recordType());
            failure.put("startedAt", started);
            failure.put("kind", e.kind());
            failure.put("message", e.getMessage());
            post("/api/evidence-worker/cases/" + caseId + "/failures", failure);
            throw e;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("source", lookup.source());
        answer.put("recordType", request.recordType());
        answer.put("startedAt", started);
        answer.put("record", record);
        HttpResponse<String> response = send("POST", "/api/evidence-worker/cases/" + caseId + "/records", answer);
        if (response.statusCode() == 422) {
            throw new ConnectorException(lookup.source(), ConnectorException.Kind.REFUSED, detail(response));
        }
        check(response);
        log.info("record {} of case {} from {} handed in (applicant {})", request.recordType(), request.caseNo(), lookup.source(),
                NationalId.mask(request.nationalId()));
    }

    private List<Lookup> lookups(String caseId) {
        HttpResponse<String> response = send("GET", "/api/evidence-worker/cases/" + caseId + "/lookups", null);
        check(response);
        try {
            return JSON.readValue(response.body(), new TypeReference<List<Lookup>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("unreadable lookups from Kuayu", e);
        }
    }

    private void post(String path, Object body) {
        check(send("POST", path, body));
    }

    private HttpResponse<String> send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.kuayuUrl() + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization).header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8));
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Kuayu at " + settings.kuayuUrl() + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void check(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Kuayu answered HTTP " + response.statusCode() + ": " + detail(response));
        }
    }

    private static String detail(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body()).path("detail").asText(response.body());
        } catch (IOException e) {
            return response.body();
        }
    }

    /** How long a stopping worker waits for its last fetch-and-lock request (a long poll lasts 10 s by default). */
    static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(12);

    /** Runs a worker until the process is stopped. Arguments: see the class comment. */
    public static void main(String[] args) throws InterruptedException {
        Settings settings = parse(args, System.getenv());
        EvidenceWorker worker = new EvidenceWorker(settings).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Stopping the client waits for its fetch-and-lock request; a request the engine never
            // answers must not keep a stopped worker alive (its locked tasks expire and go to another worker).
            Thread closing = new Thread(worker::close, "evidence-worker-close");
            closing.setDaemon(true);
            closing.start();
            try {
                closing.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "evidence-worker-shutdown"));
        stopped.await();
    }

    static Settings parse(String[] args, Map<String, String> env) {
        String kuayuUrl = null;
        String user = null;
        String password = env.get("KUAYU_WORKER_PASSWORD");
        String allSources = null;
        Map<String, String> urls = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        String topic = "kuayu-evidence";
        String workerId = "evidence-worker-" + ProcessHandle.current().pid();
        int maxTasks = 4;
        int lockSeconds = 120;
        int retries = 5;
        int retrySeconds = 60;
        int longPollSeconds = 10;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            switch (name) {
                case "--kuayu-url" -> kuayuUrl = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
                case "--user" -> user = value;
                case "--password" -> password = value;
                case "--all-sources" -> allSources = value;
                case "--source" -> urls.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
                case "--api-key" -> keys.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
                case "--topic" -> topic = value;
                case "--worker-id" -> workerId = value;
                case "--max-tasks" -> maxTasks = Integer.parseInt(value);
                case "--lock-seconds" -> lockSeconds = Integer.parseInt(value);
                case "--retries" -> retries = Integer.parseInt(value);
                case "--retry-seconds" -> retrySeconds = Integer.parseInt(value);
                case "--long-poll-seconds" -> longPollSeconds = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown argument " + name + "; see the EvidenceWorker class comment");
            }
        }
        if (kuayuUrl == null || user == null || password == null) {
            throw new IllegalArgumentException("--kuayu-url, --user and --password (or KUAYU_WORKER_PASSWORD) are required");
        }
        if (allSources != null) {
            for (String source : ConnectorRegistry.FACTORIES.keySet()) {
                urls.putIfAbsent(source, allSources);
            }
        }
        Map<String, SourceSettings> sources = new LinkedHashMap<>();
        urls.forEach((source, url) -> {
            String key = keys.getOrDefault(source, env.get("KUAYU_" + source.toUpperCase() + "_API_KEY"));
            sources.put(source, SourceSettings.of(url).withApiKey(key));
        });
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no source configured: --source=household=https://... or --all-sources=URL");
        }
        return new Settings(kuayuUrl, user, password, sources, topic, workerId, maxTasks, Duration.ofSeconds(lockSeconds), retries,
                Duration.ofSeconds(retrySeconds), Duration.ofSeconds(longPollSeconds));
    }
}
