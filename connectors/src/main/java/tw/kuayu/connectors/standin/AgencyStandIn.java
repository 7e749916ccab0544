package tw.kuayu.connectors.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tw.kuayu.connectors.NationalId;
import tw.kuayu.connectors.OfficeHours;

/**
 * The agency stand-in: one real HTTP server impersonating five agency systems, each built by a
 * different vendor with its own paths, format and quirks, serving the sample data in
 * {@code standin/*.json}, with fault injection, request counting and optional API-key checks.
 *
 * <pre>
 * GET  /household/api/v2/persons/{id}?fields=a,b      戶役政 (JSON; 404 when unknown)
 * GET  /land/LandQuery?owner={id}                     地政 (XML; empty Parcels list when unknown)
 * POST /tax/verdicts {nationalId, question, ...}      財稅 (JSON verdict only; {"found":false} when unknown)
 * GET  /business/api/v1/registrations?ownerId={id}    商工 (JSON; empty lists when unknown)
 * GET  /welfare/ws/query?idno={id}&amp;type=LOW_INCOME|DISABILITY  社政 (JSON; rtn_code 01 when unknown; office hours)
 * GET  /{source}/_health                              a source's health (503 while DOWN, closed hours apply)
 * POST /{source}/notifications {notificationId, caseNo, nationalId, change, data}  通報: recorded once per id, acknowledged
 * GET|DELETE /_admin/stats · GET|DELETE /_admin/faults · PUT|DELETE /_admin/faults/{source}
 * PUT /_admin/population {"enabled":true,"seed":1} · PUT|DELETE /_admin/hours/{source} · GET /_admin/health
 * GET|DELETE /_admin/notifications (received notifications, IDs masked)
 * </pre>
 */
public final class AgencyStandIn implements AutoCloseable {

    public static final List<String> SOURCES = List.of("household", "land", "tax", "business", "welfare");
    public static final String API_KEY_HEADER = "X-Api-Key";
    /** Set on a 503 that means "outside opening hours", not "broken". */
    public static final String CLOSED_HEADER = "X-Service-Closed";
    /** The opening hours, URL-encoded zh-TW, sent with {@link #CLOSED_HEADER}. */
    public static final String HOURS_HEADER = "X-Service-Hours";
    public static final int DEFAULT_PORT = 8099;
    /**
     * {@code GET /{source}/_health}: a source's own health check. Goes through the same fault, hours
     * and credential checks as a lookup (so a DOWN source answers 503), looks up nobody and is not counted in the stats.
     */
    public static final String HEALTH_PATH = "/_health";
    public static final long DEFAULT_POPULATION_SEED = 20_260_101L;

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    private static final Logger log = LoggerFactory.getLogger(AgencyStandIn.class);
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String XML_TYPE = "application/xml; charset=utf-8";
    private static final Set<String> TAX_QUESTIONS = Set.of("income-below-threshold", "property-below-threshold");

    private final ObjectMapper json = new ObjectMapper();
    private final SampleData data = new SampleData(json);
    private final FaultRegistry faults = new FaultRegistry();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, String> apiKeys = new ConcurrentHashMap<>();
    private final Map<String, OfficeHours> hours = new ConcurrentHashMap<>();
    private final Map<String, Received> notifications = new ConcurrentHashMap<>();
    private final AtomicLong receiptCounter = new AtomicLong();
    private volatile Clock clock = Clock.systemUTC();
    private HttpServer server;
    private ExecutorService executor;

    /** A stand-in with the social-welfare office hours switched on (weekdays 08–20, Saturday 08–12, Taipei). */
    public AgencyStandIn() {
        SOURCES.forEach(s -> counts.put(s, new AtomicLong()));
        hours.put("welfare", OfficeHours.welfareDefault());
    }

    static void requireSource(String source) {
        if (!SOURCES.contains(source)) {
            throw new IllegalArgumentException("unknown source " + source + "; known: " + SOURCES);
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Starts listening on {@code port} (0: a free port, see {@link #port()}). */
    public synchronized AgencyStandIn start(int port) {
        if (server != null) {
            throw new IllegalStateException("already started on port " + port());
        }
        try {
            server = HttpServer.create(new InetSocketAddress(port), 128);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on port " + port, e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "standin-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/household/", ex -> serve("household", ex, this::household));
        server.createContext("/land/", ex -> serve("land", ex, this::land));
        server.createContext("/tax/", ex -> serve("tax", ex, this::tax));
        server.createContext("/business/", ex -> serve("business", ex, this::business));
        server.createContext("/welfare/", ex -> serve("welfare", ex, this::welfare));
        server.createContext("/_admin/", this::admin);
        server.start();
        log.info("agency stand-in listening on port {}", port());
        return this;
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    /** {@code http://localhost:<port>}: the base URL for every source's connector. */
    public String baseUrl() {
        return "http://localhost:" + port();
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        faults.releaseAll();
        server.stop(0);
        executor.shutdownNow();
        server = null;
        log.info("agency stand-in stopped");
    }

    @Override
    public void close() {
        stop();
    }

    // ---------------------------------------------------------------- Java control API

    public FaultRegistry faults() {
        return faults;
    }

    /** Requests received by a source since start or the last {@link #resetStats()}, faulted ones included. */
    public long requestCount(String source) {
        requireSource(source);
        return counts.get(source).get();
    }

    public Map<String, Long> stats() {
        Map<String, Long> out = new LinkedHashMap<>();
        SOURCES.forEach(s -> out.put(s, counts.get(s).get()));
        return out;
    }

    public void resetStats() {
        counts.values().forEach(c -> c.set(0));
    }

    /**
     * A change notification (通報) the stand-in received and acknowledged. The applicant appears masked;
     * {@code deliveries} counts how often the same notification id arrived (a retry after a lost answer).
     */
    public record Received(String source, String notificationId, String receiptNo, String caseNo, String applicantMasked,
                           String change, Map<String, String> data, String purpose, String legalBasis, String acknowledgedAt,
                           int deliveries) {
    }

    /** Notifications received so far, oldest first. */
    public List<Received> notifications() {
        return notifications.values().stream().sorted(java.util.Comparator.comparing(Received::receiptNo)).toList();
    }

    public void clearNotifications() {
        notifications.clear();
    }

    /** Requires {@code key} in header {@value #API_KEY_HEADER} for the source; null: no check. */
    public AgencyStandIn requireApiKey(String source, String key) {
        requireSource(source);
        if (key == null) {
            apiKeys.remove(source);
        } else {
            apiKeys.put(source, key);
        }
        return this;
    }

    /** Sets the source's opening hours; null: always open. */
    public AgencyStandIn officeHours(String source, OfficeHours officeHours) {
        requireSource(source);
        if (officeHours == null) {
            hours.remove(source);
        } else {
            hours.put(source, officeHours);
        }
        return this;
    }

    /** The clock used for opening hours and as-of dates. */
    public AgencyStandIn clock(Clock newClock) {
        this.clock = newClock;
        return this;
    }

    /** Switches the generated population on (any valid ID gets a deterministic record) or off. */
    public AgencyStandIn population(boolean enabled, long seed) {
        data.population(enabled ? new Population(seed, json) : null);
        return this;
    }

    public AgencyStandIn population(boolean enabled) {
        return population(enabled, DEFAULT_POPULATION_SEED);
    }

    // ---------------------------------------------------------------- request pipeline

    @FunctionalInterface
    private interface SourceHandler {
        void handle(HttpExchange ex) throws IOException;
    }

    private void serve(String source, HttpExchange ex, SourceHandler handler) {
        try (ex) {
            boolean health = ex.getRequestURI().getPath().endsWith(HEALTH_PATH);
            if (!health) {
                counts.get(source).incrementAndGet();
            }
            Optional<Fault> fault = faults.get(source);
            if (fault.isPresent() && applyFault(source, fault.get(), ex)) {
                return;
            }
            OfficeHours open = hours.get(source);
            if (open != null && !open.isOpen(clock)) {
                sendClosed(source, ex, open.describe());
                return;
            }
            String key = apiKeys.get(source);
            if (key != null && !key.equals(ex.getRequestHeaders().getFirst(API_KEY_HEADER))) {
                sendError(source, ex, 401, "介接憑證錯誤或未提供");
                return;
            }
            if (health) {
                send(ex, 200, JSON_TYPE, json.createObjectNode().put("status", "UP").put("source", source).toString());
                return;
            }
            if (ex.getRequestURI().getPath().equals("/" + source + "/notifications")) {
                notification(source, ex);
                return;
            }
            handler.handle(ex);
        } catch (IOException | RuntimeException e) {
            log.debug("{} request ended abnormally: {}", source, e.toString());
        }
    }

    /** @return true when the fault produced the whole answer */
    private boolean applyFault(String source, Fault fault, HttpExchange ex) throws IOException {
        switch (fault.mode()) {
            case DOWN -> {
                ex.getResponseHeaders().set("Connection", "close");
                send(ex, 503, "text/html; charset=utf-8",
                        "<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>");
                return true;
            }
            case ERROR_500 -> {
                sendError(source, ex, 500, "系統發生錯誤，請洽系統管理者");
                return true;
            }
            case SLOW, TIMEOUT -> {
                faults.hold(source, fault.latencyMs());
                return false;
            }
            case MALFORMED -> {
                send(ex, 200, "land".equals(source) ? XML_TYPE : JSON_TYPE, malformedBody(source));
                return true;
            }
            case CLOSED -> {
                OfficeHours open = hours.get(source);
                sendClosed(source, ex, open == null ? "" : open.describe());
                return true;
            }
            default -> throw new IllegalStateException("unknown fault " + fault.mode());
        }
    }

    private static String malformedBody(String source) {
        return switch (source) {
            case "household" -> "{\"resultCode\":\"0000\",\"person\":{\"name\":\"王";
            case "land" -> "<LandQueryResult><ReturnCode>0000</ReturnCode><Parcels count=\"1\"><Parcel><Area>12";
            case "tax" -> "{\"verdictId\":";
            case "business" -> "<html><body>Proxy Error</body></html>";
            default -> "{\"rtn_code\":\"00\",\"data\":";
        };
    }

    private void sendClosed(String source, HttpExchange ex, String hoursText) throws IOException {
        ex.getResponseHeaders().set(CLOSED_HEADER, "true");
        ex.getResponseHeaders().set(HOURS_HEADER, URLEncoder.encode(hoursText, StandardCharsets.UTF_8));
        ex.getResponseHeaders().set("Retry-After", "3600");
        if ("welfare".equals(source)) {
            ObjectNode body = json.createObjectNode().put("rtn_code", "98").put("rtn_msg", "非服務時間（服務時間：" + hoursText + "）");
            send(ex, 503, JSON_TYPE, body.toString());
        } else {
            sendError(source, ex, 503, "非服務時間或系統維護中");
        }
    }

    /** An error in the source's own format. */
    private void sendError(String source, HttpExchange ex, int status, String message) throws IOException {
        switch (source) {
            case "household" -> send(ex, status, JSON_TYPE,
                    json.createObjectNode().put("resultCode", "E" + status).put("resultMessage", message).toString());
            case "land" -> send(ex, status, XML_TYPE, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><LandQueryResult><ReturnCode>E"
                    + status + "</ReturnCode><ReturnMsg>" + xml(message) + "</ReturnMsg></LandQueryResult>");
            case "tax" -> send(ex, status, JSON_TYPE,
                    json.createObjectNode().put("error", "HTTP_" + status).put("message", message).toString());
            case "business" -> send(ex, status, JSON_TYPE,
                    json.createObjectNode().put("code", status).put("message", message).putNull("result").toString());
            default -> send(ex, status, JSON_TYPE,
                    json.createObjectNode().put("rtn_code", "99").put("rtn_msg", message).toString());
        }
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(name, value);
        }
        return out;
    }

    private boolean unknownAndInvalid(String id) {
        return !NationalId.isValid(id) && !data.isSample(id);
    }

    private boolean method(String source, HttpExchange ex, String expected) throws IOException {
        if (expected.equals(ex.getRequestMethod())) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", expected);
        sendError(source, ex, 405, "不支援的請求方法 " + ex.getRequestMethod());
        return false;
    }

    // ---------------------------------------------------------------- 通報 change notifications (same JSON at every source)

    private void notification(String source, HttpExchange ex) throws IOException {
        if (!method(source, ex, "POST")) {
            return;
        }
        JsonNode body;
        try (InputStream in = ex.getRequestBody()) {
            body = json.readTree(in);
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            sendError(source, ex, 400, "通報內容不是有效的 JSON");
            return;
        }
        String id = body.path("notificationId").asText("");
        String nationalId = body.path("nationalId").asText("");
        String legalBasis = decodeHeader(ex, "X-Legal-Basis");
        if (id.isBlank() || body.path("change").asText("").isBlank() || !body.path("data").isObject() || body.path("data").isEmpty()) {
            sendError(source, ex, 400, "通報缺少 notificationId、change 或 data");
            return;
        }
        if (unknownAndInvalid(nationalId)) {
            sendError(source, ex, 400, "身分證統一編號格式或檢查碼錯誤");
            return;
        }
        if (legalBasis.isBlank()) {
            sendError(source, ex, 403, "通報須敘明法律依據或當事人同意");
            return;
        }
        Map<String, String> data = new LinkedHashMap<>();
        body.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        String caseNo = body.path("caseNo").asText("");
        String change = body.path("change").asText();
        String purpose = decodeHeader(ex, "X-Purpose");
        Received received = notifications.compute(source + ":" + id, (key, earlier) -> earlier != null
                ? new Received(source, id, earlier.receiptNo(), earlier.caseNo(), earlier.applicantMasked(), earlier.change(),
                        earlier.data(), earlier.purpose(), earlier.legalBasis(), earlier.acknowledgedAt(), earlier.deliveries() + 1)
                : new Received(source, id, String.format("%s-%08d", source.toUpperCase(java.util.Locale.ROOT), receiptCounter.incrementAndGet()),
                        caseNo, NationalId.mask(nationalId), change, Map.copyOf(data), purpose, legalBasis, clock.instant().toString(), 1));
        log.debug("{} notification {} ({}) for {}", source, received.receiptNo(), change, NationalId.mask(nationalId));
        send(ex, 200, JSON_TYPE, json.createObjectNode().put("receiptNo", received.receiptNo()).put("status", "ACKNOWLEDGED")
                .put("acknowledgedAt", received.acknowledgedAt()).toString());
    }

    private static String decodeHeader(HttpExchange ex, String name) {
        String value = ex.getRequestHeaders().getFirst(name);
        return value == null ? "" : URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- 戶役政 household registration (JSON, v2 REST)

    private void household(HttpExchange ex) throws IOException {
        String prefix = "/household/api/v2/persons/";
        String path = ex.getRequestURI().getPath();
        if (!path.startsWith(prefix) || path.length() == prefix.length() || path.indexOf('/', prefix.length()) >= 0) {
            sendError("household", ex, 404, "查無此服務路徑");
            return;
        }
        if (!method("household", ex, "GET")) {
            return;
        }
        String id = path.substring(prefix.length());
        log.debug("household lookup {}", NationalId.mask(id));
        Optional<JsonNode> record = data.household(id);
        if (record.isEmpty()) {
            if (unknownAndInvalid(id)) {
                sendError("household", ex, 400, "身分證統一編號格式或檢查碼錯誤");
            } else {
                sendError("household", ex, 404, "查無此人戶籍資料");
            }
            return;
        }
        ObjectNode person = record.get().deepCopy();
        person.put("householdHeadId", NationalId.mask(person.path("householdHeadId").asText()));
        for (JsonNode member : person.withArray("members")) {
            ObjectNode m = (ObjectNode) member;
            m.put("nationalIdMasked", NationalId.mask(m.path("nationalId").asText()));
            m.remove("nationalId");
        }
        String fields = query(ex).get("fields");
        if (fields != null && !fields.isBlank()) {
            Set<String> keep = new HashSet<>(Arrays.asList(fields.split(",")));
            person.retain(keep);
        }
        ObjectNode body = json.createObjectNode().put("resultCode", "0000").put("resultMessage", "查詢成功")
                .put("queryTime", clock.instant().toString());
        body.set("person", person);
        send(ex, 200, JSON_TYPE, body.toString());
    }

    // ---------------------------------------------------------------- 地政 land registry (XML, older vendor)

    private void land(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/land/LandQuery")) {
            sendError("land", ex, 404, "查無此服務路徑");
            return;
        }
        if (!method("land", ex, "GET")) {
            return;
        }
        String id = query(ex).getOrDefault("owner", "");
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LandQueryResult>\n");
        if (id.isEmpty()) {
            xml.append("  <ReturnCode>E02</ReturnCode>\n  <ReturnMsg>缺少查詢條件 owner</ReturnMsg>\n</LandQueryResult>\n");
            send(ex, 200, XML_TYPE, xml.toString());
            return;
        }
        if (unknownAndInvalid(id)) {
            xml.append("  <ReturnCode>E01</ReturnCode>\n  <ReturnMsg>統一編號檢查碼錯誤</ReturnMsg>\n</LandQueryResult>\n");
            send(ex, 200, XML_TYPE, xml.toString());
            return;
        }
        log.debug("land lookup {}", NationalId.mask(id));
        Optional<JsonNode> owner = data.land(id);
        xml.append("  <ReturnCode>0000</ReturnCode>\n  <ReturnMsg>查詢成功</ReturnMsg>\n  <QueryDate>")
                .append(roc(LocalDate.now(clock.withZone(TAIPEI)))).append("</QueryDate>\n");
        JsonNode parcels = owner.map(o -> o.path("parcels")).orElse(json.createArrayNode());
        if (owner.isPresent()) {
            xml.append("  <Owner><OwnerId>").append(NationalId.mask(id)).append("</OwnerId><OwnerName>")
                    .append(xml(owner.get().path("ownerName").asText())).append("</OwnerName></Owner>\n");
        }
        xml.append("  <Parcels count=\"").append(parcels.size()).append("\">\n");
        for (JsonNode p : parcels) {
            xml.append("    <Parcel>\n");
            element(xml, "ParcelNo", p.path("district").asText() + p.path("section").asText() + p.path("lotNo").asText() + "地號");
            element(xml, "District", p.path("district").asText());
            element(xml, "Section", p.path("section").asText());
            element(xml, "LotNo", p.path("lotNo").asText());
            element(xml, "LocationAddress", p.path("locationAddress").asText());
            xml.append("      <Area unit=\"m2\">").append(xml(p.path("area").asText())).append("</Area>\n");
            element(xml, "Share", p.path("share").asText());
            element(xml, "Zoning", p.path("zoning").asText());
            element(xml, "UseCategory", p.path("useCategory").asText());
            element(xml, "RegDate", roc(LocalDate.parse(p.path("regDate").asText())));
            element(xml, "RegReason", p.path("regReason").asText());
            element(xml, "Rented", p.path("rented").asBoolean() ? "Y" : "N");
            element(xml, "BusinessUse", p.path("businessUse").asBoolean() ? "Y" : "N");
            element(xml, "SelfUse", p.path("selfUse").asBoolean() ? "Y" : "N");
            JsonNode b = p.path("building");
            if (b.isObject()) {
                xml.append("      <Building>");
                xml.append("<BuildNo>").append(xml(b.path("buildNo").asText())).append("</BuildNo>");
                xml.append("<Address>").append(xml(b.path("address").asText())).append("</Address>");
                xml.append("<FloorArea>").append(xml(b.path("floorArea").asText())).append("</FloorArea>");
                xml.append("<MainUse>").append(xml(b.path("mainUse").asText())).append("</MainUse>");
                xml.append("</Building>\n");
            }
            xml.append("    </Parcel>\n");
        }
        xml.append("  </Parcels>\n</LandQueryResult>\n");
        send(ex, 200, XML_TYPE, xml.toString());
    }

    private static void element(StringBuilder xml, String name, String value) {
        xml.append("      <").append(name).append('>').append(xml(value)).append("</").append(name).append(">\n");
    }

    /** ROC calendar date as the land system writes it: yyyMMdd, e.g. 1010801 for 2012-08-01. */
    static String roc(LocalDate date) {
        return String.format("%03d%02d%02d", date.getYear() - 1911, date.getMonthValue(), date.getDayOfMonth());
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // ---------------------------------------------------------------- 財稅 tax (verdicts only, monthly batch)

    private void tax(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/tax/verdicts")) {
            sendError("tax", ex, 404, "查無此服務路徑");
            return;
        }
        if (!method("tax", ex, "POST")) {
            return;
        }
        JsonNode request;
        try (InputStream in = ex.getRequestBody()) {
            request = json.readTree(in);
        } catch (IOException e) {
            sendError("tax", ex, 400, "請求內容不是有效的 JSON");
            return;
        }
        if (request == null || !request.isObject()) {
            sendError("tax", ex, 400, "請求內容不是有效的 JSON");
            return;
        }
        String question = request.path("question").asText("");
        if (!TAX_QUESTIONS.contains(question)) {
            send(ex, 422, JSON_TYPE, json.createObjectNode().put("error", "UNSUPPORTED_QUESTION")
                    .put("message", "不支援的查核項目：" + question).toString());
            return;
        }
        if (request.path("legalBasis").asText("").isBlank()) {
            send(ex, 403, JSON_TYPE, json.createObjectNode().put("error", "LEGAL_BASIS_REQUIRED")
                    .put("message", "依稅捐稽徵法第33條，查詢須敘明法律依據").toString());
            return;
        }
        String id = request.path("nationalId").asText("");
        log.debug("tax verdict {} for {}", question, NationalId.mask(id));
        LocalDate asOf = LocalDate.now(clock.withZone(TAIPEI)).withDayOfMonth(1);
        ObjectNode body = json.createObjectNode().put("question", question).put("asOf", asOf.toString());
        Optional<JsonNode> taxpayer = data.taxpayer(id);
        if (taxpayer.isEmpty()) {
            body.put("found", false);
        } else {
            ObjectNode threshold = data.taxThresholds(question).deepCopy();
            if (request.path("threshold").isObject()) {
                threshold.setAll((ObjectNode) request.get("threshold"));
            }
            body.put("found", true).put("verdictId", UUID.randomUUID().toString())
                    .put("meets", meets(question, taxpayer.get(), threshold));
        }
        send(ex, 200, JSON_TYPE, body.toString());
    }

    private static boolean meets(String question, JsonNode t, JsonNode threshold) {
        long size = Math.max(1, t.path("householdSize").asLong(1));
        if ("income-below-threshold".equals(question)) {
            return t.path("annualIncomeTwd").asLong() / size <= threshold.path("annualIncomePerCapitaTwd").asLong();
        }
        return t.path("movablePropertyTwd").asLong() / size <= threshold.path("movablePropertyPerCapitaTwd").asLong()
                && t.path("realEstateTwd").asLong() <= threshold.path("realEstateTwd").asLong();
    }

    // ---------------------------------------------------------------- 商工 business and factory registration (JSON)

    private void business(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/business/api/v1/registrations")) {
            sendError("business", ex, 404, "查無此服務路徑");
            return;
        }
        if (!method("business", ex, "GET")) {
            return;
        }
        String id = query(ex).getOrDefault("ownerId", "");
        if (id.isEmpty()) {
            sendError("business", ex, 400, "缺少參數 ownerId");
            return;
        }
        log.debug("business lookup {}", NationalId.mask(id));
        Optional<JsonNode> owner = data.business(id);
        ObjectNode body = json.createObjectNode().put("code", 200).put("message", owner.isPresent() ? "成功" : "查無資料");
        ObjectNode result = body.putObject("result");
        result.set("Company_List", owner.map(o -> (JsonNode) o.path("Company_List").deepCopy()).orElse(json.createArrayNode()));
        result.set("Factory_List", owner.map(o -> (JsonNode) o.path("Factory_List").deepCopy()).orElse(json.createArrayNode()));
        send(ex, 200, JSON_TYPE, body.toString());
    }

    // ---------------------------------------------------------------- 社政 social welfare (JSON, snake_case, office hours)

    private void welfare(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/welfare/ws/query")) {
            sendError("welfare", ex, 404, "查無此服務路徑");
            return;
        }
        if (!method("welfare", ex, "GET")) {
            return;
        }
        Map<String, String> q = query(ex);
        String id = q.getOrDefault("idno", "");
        String type = q.getOrDefault("type", "");
        String key = switch (type) {
            case "LOW_INCOME" -> "low_income";
            case "DISABILITY" -> "disability";
            default -> null;
        };
        if (key == null) {
            send(ex, 400, JSON_TYPE, json.createObjectNode().put("rtn_code", "02").put("rtn_msg", "查詢類別錯誤：" + type).toString());
            return;
        }
        log.debug("welfare {} lookup {}", type, NationalId.mask(id));
        Optional<JsonNode> person = data.welfare(id);
        if (person.isEmpty()) {
            send(ex, 200, JSON_TYPE, json.createObjectNode().put("rtn_code", "01").put("rtn_msg", "查無資料").toString());
            return;
        }
        ObjectNode body = json.createObjectNode().put("rtn_code", "00").put("rtn_msg", "成功")
                .put("data_date", LocalDate.now(clock.withZone(TAIPEI)).toString());
        body.set("data", person.get().path(key).deepCopy());
        send(ex, 200, JSON_TYPE, body.toString());
    }

    // ---------------------------------------------------------------- admin API

    private void admin(HttpExchange ex) {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
            String what = parts.size() > 1 ? parts.get(1) : "";
            String source = parts.size() > 2 ? parts.get(2) : null;
            if (source != null && !SOURCES.contains(source)) {
                adminReply(ex, 404, json.createObjectNode().put("error", "unknown source " + source));
                return;
            }
            switch (what + " " + method + (source == null ? "" : " source")) {
                case "health GET" -> {
                    ObjectNode body = json.createObjectNode().put("status", "UP");
                    ArrayNode sources = body.putArray("sources");
                    SOURCES.forEach(sources::add);
                    adminReply(ex, 200, body);
                }
                case "stats GET" -> adminReply(ex, 200, json.valueToTree(stats()));
                case "notifications GET" -> adminReply(ex, 200, json.valueToTree(notifications()));
                case "notifications DELETE" -> {
                    clearNotifications();
                    adminReply(ex, 200, json.createArrayNode());
                }
                case "stats DELETE" -> {
                    resetStats();
                    adminReply(ex, 200, json.valueToTree(stats()));
                }
                case "faults GET" -> adminReply(ex, 200, json.valueToTree(faults.all()));
                case "faults DELETE" -> {
                    faults.clearAll();
                    adminReply(ex, 200, json.valueToTree(faults.all()));
                }
                case "faults PUT source" -> {
                    JsonNode body = readJson(ex);
                    Fault fault;
                    try {
                        fault = new Fault(Fault.Mode.valueOf(body.path("mode").asText("")), body.path("latencyMs").asLong(0));
                    } catch (IllegalArgumentException e) {
                        adminReply(ex, 400, json.createObjectNode().put("error", "mode must be one of " + Arrays.toString(Fault.Mode.values())));
                        return;
                    }
                    faults.set(source, fault);
                    log.info("fault injected into {}: {}", source, fault);
                    adminReply(ex, 200, json.valueToTree(faults.all()));
                }
                case "faults DELETE source" -> {
                    faults.clear(source);
                    log.info("fault healed at {}", source);
                    adminReply(ex, 200, json.valueToTree(faults.all()));
                }
                case "population PUT" -> {
                    JsonNode body = readJson(ex);
                    population(body.path("enabled").asBoolean(true), body.path("seed").asLong(DEFAULT_POPULATION_SEED));
                    adminReply(ex, 200, json.createObjectNode().put("enabled", data.population() != null));
                }
                case "hours PUT source" -> {
                    officeHours(source, json.treeToValue(readJson(ex), OfficeHoursBody.class).toOfficeHours());
                    adminReply(ex, 200, json.createObjectNode().put(source, hours.get(source).describe()));
                }
                case "hours DELETE source" -> {
                    officeHours(source, null);
                    adminReply(ex, 200, json.createObjectNode().put(source, "always open"));
                }
                default -> adminReply(ex, 404, json.createObjectNode().put("error", "no admin endpoint " + method + " " + path));
            }
        } catch (IOException | RuntimeException e) {
            log.warn("admin request failed: {}", e.toString());
        }
    }

    /** JSON body of PUT /_admin/hours/{source}: {"weekdayOpen":"08:00","weekdayClose":"20:00","saturdayOpen":null,...}. */
    record OfficeHoursBody(String weekdayOpen, String weekdayClose, String saturdayOpen, String saturdayClose, String zone) {
        OfficeHours toOfficeHours() {
            return new OfficeHours(java.time.LocalTime.parse(weekdayOpen), java.time.LocalTime.parse(weekdayClose),
                    saturdayOpen == null ? null : java.time.LocalTime.parse(saturdayOpen),
                    saturdayClose == null ? null : java.time.LocalTime.parse(saturdayClose), zone);
        }
    }

    private JsonNode readJson(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            JsonNode node = json.readTree(in);
            return node == null ? json.createObjectNode() : node;
        }
    }

    private void adminReply(HttpExchange ex, int status, JsonNode body) throws IOException {
        send(ex, status, JSON_TYPE, body.toString());
    }

    // ---------------------------------------------------------------- main

    /**
     * Runs the stand-in as its own process. Arguments: {@code --port=8099}, {@code --population[=seed]},
     * {@code --always-open} (no welfare office hours), {@code --api-key=source:key} (repeatable).
     */
    public static void main(String[] args) {
        int port = DEFAULT_PORT;
        AgencyStandIn standIn = new AgencyStandIn();
        for (String arg : args) {
            if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else if (arg.equals("--population")) {
                standIn.population(true);
            } else if (arg.startsWith("--population=")) {
                standIn.population(true, Long.parseLong(arg.substring("--population=".length())));
            } else if (arg.equals("--always-open")) {
                SOURCES.forEach(s -> standIn.officeHours(s, null));
            } else if (arg.startsWith("--api-key=")) {
                String[] kv = arg.substring("--api-key=".length()).split(":", 2);
                standIn.requireApiKey(kv[0], kv[1]);
            } else {
                throw new IllegalArgumentException("unknown argument " + arg
                        + "; use --port=N --population[=seed] --always-open --api-key=source:key");
            }
        }
        standIn.start(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standIn.stop();
            stopped.countDown();
        }, "standin-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
