package tw.kuayu.connectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared plumbing of the HTTP connectors: request validation and data minimisation, opening
 * hours, credentials, timeouts, and mapping every failure to a {@link ConnectorException} kind with
 * a zh-TW message a caseworker can act on. Subclasses only speak their source's protocol.
 */
public abstract class HttpAgencyConnector implements AgencyConnector {

    public static final String API_KEY_HEADER = "X-Api-Key";
    /** Header on a 503 meaning "outside opening hours" (the stand-in and the government gateway use it). */
    public static final String CLOSED_HEADER = "X-Service-Closed";
    /** URL-encoded zh-TW opening hours sent along with {@link #CLOSED_HEADER}. */
    public static final String HOURS_HEADER = "X-Service-Hours";

    protected static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final Logger log = LoggerFactory.getLogger(HttpAgencyConnector.class);
    /** A health check waits at most this long (or the read timeout, if shorter). */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final String source;
    private final String label;
    private final String agency;
    private final Map<String, Set<String>> fieldsByRecordType;
    protected final SourceSettings settings;
    protected final Clock clock;
    private final HttpClient client;

    /** The answer of a source, before minimisation. */
    public record Answer(boolean found, Map<String, Object> data, LocalDate asOf) {
        public static Answer notFound() {
            return new Answer(false, Map.of(), null);
        }

        public static Answer found(Map<String, Object> data) {
            return new Answer(true, data, null);
        }
    }

    protected HttpAgencyConnector(String source, String label, String agency,
            Map<String, Set<String>> fieldsByRecordType, SourceSettings settings, Clock clock) {
        this.source = Objects.requireNonNull(source);
        this.label = Objects.requireNonNull(label);
        this.agency = Objects.requireNonNull(agency);
        this.fieldsByRecordType = Map.copyOf(fieldsByRecordType);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = clock == null ? Clock.systemUTC() : clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public final String source() {
        return source;
    }

    /** zh-TW short name used in messages, e.g. 戶役政. */
    public final String label() {
        return label;
    }

    /** The agency holding the data, e.g. 內政部戶政司. */
    public final String agency() {
        return agency;
    }

    /** The record types this source answers and, for each, the fields that may be requested. */
    public final Map<String, Set<String>> supportedFields() {
        return fieldsByRecordType;
    }

    @Override
    public final EvidenceRecord fetch(EvidenceRequest request) {
        validate(request);
        OfficeHours hours = settings.openingHours();
        if (hours != null && !hours.isOpen(clock)) {
            throw closed(hours.describe(), null);
        }
        log.info("evidence lookup source={} type={} case={} applicant={} fields={}", source, request.recordType(),
                request.caseNo(), NationalId.mask(request.nationalId()), request.fields());
        Answer answer = call(request);
        Map<String, Object> data = answer.found() ? FieldSelector.select(answer.data(), request.fields()) : Map.of();
        LocalDate asOf = answer.asOf() != null ? answer.asOf() : LocalDate.now(clock.withZone(OfficeHours.welfareDefault().zoneId()));
        log.info("evidence answer source={} type={} case={} applicant={} found={} asOf={}", source, request.recordType(),
                request.caseNo(), NationalId.mask(request.nationalId()), answer.found(), asOf);
        return new EvidenceRecord(source, agency, request.recordType(), answer.found(), data, clock.instant(), asOf,
                EvidenceHashing.sha256(data));
    }

    /**
     * Asks the source's health check ({@link #healthPath()}) with no personal data; opening hours
     * apply. Any 2xx is healthy; everything else is mapped like a lookup's answer.
     */
    @Override
    public void probe() {
        OfficeHours hours = settings.openingHours();
        if (hours != null && !hours.isOpen(clock)) {
            throw closed(hours.describe(), null);
        }
        Duration timeout = settings.readTimeout().compareTo(PROBE_TIMEOUT) < 0 ? settings.readTimeout() : PROBE_TIMEOUT;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.baseUrl() + healthPath())).timeout(timeout)
                .header("User-Agent", "Kuayu-Connector/1 (" + source + ")").GET();
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            builder.header(API_KEY_HEADER, settings.apiKey());
        }
        checkStatus(send(builder.build()));
    }

    /**
     * Sends a change notification (通報) as JSON to {@link #notificationPath()}; opening hours apply.
     * The notification id travels as {@code Idempotency-Key}, so a source that already has it answers
     * the first receipt again. A 2xx answer with {@code receiptNo} is a receipt; {@code status}
     * {@code ACKNOWLEDGED} (受理) means the source took the change over.
     */
    @Override
    public NotificationReceipt notify(ChangeNotification notification) {
        OfficeHours hours = settings.openingHours();
        if (hours != null && !hours.isOpen(clock)) {
            throw closed(hours.describe(), null);
        }
        if (notification.data().isEmpty()) {
            throw new ConnectorException(source, ConnectorException.Kind.REFUSED,
                    "未指定要通報" + label + "的異動欄位：依個人資料保護法比例原則，案件類型須列出通報欄位，請確認案件類型設定");
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("notificationId", notification.notificationId());
        body.put("caseNo", notification.caseNo());
        body.put("nationalId", notification.nationalId());
        body.put("change", notification.change());
        body.put("data", notification.data());
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.baseUrl() + notificationPath()))
                .timeout(settings.readTimeout())
                .header("User-Agent", "Kuayu-Connector/1 (" + source + ")")
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Idempotency-Key", notification.notificationId())
                .header("X-Case-No", encode(notification.caseNo()))
                .header("X-Purpose", encode(notification.purpose()))
                .header("X-Legal-Basis", encode(notification.legalBasis()))
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (notification.requestedBy() != null) {
            builder.header("X-Requested-By", encode(notification.requestedBy()));
        }
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            builder.header(API_KEY_HEADER, settings.apiKey());
        }
        log.info("change notification source={} change={} case={} applicant={} fields={}", source, notification.change(),
                notification.caseNo(), NationalId.mask(notification.nationalId()), notification.data().keySet());
        HttpResponse<String> response = send(builder.build());
        checkStatus(response);
        JsonNode answer = parseJson(response);
        String receiptNo = text(answer, "receiptNo");
        if (receiptNo == null || receiptNo.isBlank()) {
            throw badResponse("通報回應缺少收文號 receiptNo", null);
        }
        boolean acknowledged = "ACKNOWLEDGED".equals(text(answer, "status"));
        java.time.Instant at = null;
        if (acknowledged) {
            String when = text(answer, "acknowledgedAt");
            try {
                at = when == null ? clock.instant() : java.time.Instant.parse(when);
            } catch (java.time.format.DateTimeParseException e) {
                throw badResponse("受理時間格式錯誤：" + when, e);
            }
        }
        log.info("change notification answered source={} case={} receipt={} acknowledged={}", source, notification.caseNo(),
                receiptNo, acknowledged);
        return new NotificationReceipt(source, receiptNo, acknowledged, at);
    }

    /** Path that takes change notifications; the government gateway and the stand-in use {@code /<source>/notifications}. */
    protected String notificationPath() {
        return "/" + source + "/notifications";
    }

    /** Path of the source's health check; the government gateway and the stand-in use {@code /<source>/_health}. */
    protected String healthPath() {
        return "/" + source + "/_health";
    }

    /** Asks the source; called only with a validated request while the source is open. */
    protected abstract Answer call(EvidenceRequest request);

    private void validate(EvidenceRequest request) {
        Set<String> allowed = fieldsByRecordType.get(request.recordType());
        if (allowed == null) {
            throw new ConnectorException(source, ConnectorException.Kind.REFUSED,
                    label + "資料來源不提供紀錄類型「" + request.recordType() + "」（可查詢：" + String.join("、", fieldsByRecordType.keySet())
                            + "），請確認案件類型設定");
        }
        if (request.fields().isEmpty()) {
            throw new ConnectorException(source, ConnectorException.Kind.REFUSED,
                    "未指定要向" + label + "查詢的欄位：依個人資料保護法比例原則，案件類型須列出本案所需欄位，請確認案件類型設定");
        }
        for (String field : request.fields()) {
            if (!allowed.contains(field)) {
                throw new ConnectorException(source, ConnectorException.Kind.REFUSED,
                        label + "資料來源的「" + request.recordType() + "」不提供欄位「" + field + "」（可查詢：" + String.join("、", allowed.stream().sorted().toList())
                                + "），請確認案件類型設定");
            }
        }
    }

    // ---- HTTP helpers for subclasses ----

    protected HttpRequest.Builder request(String pathAndQuery, EvidenceRequest evidence) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.baseUrl() + pathAndQuery))
                .timeout(settings.readTimeout())
                .header("User-Agent", "Kuayu-Connector/1 (" + source + ")")
                .header("X-Case-No", encode(evidence.caseNo()))
                .header("X-Purpose", encode(evidence.purpose()))
                .header("X-Legal-Basis", encode(evidence.legalBasis()));
        if (evidence.requestedBy() != null) {
            builder.header("X-Requested-By", encode(evidence.requestedBy()));
        }
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            builder.header(API_KEY_HEADER, settings.apiKey());
        }
        return builder;
    }

    protected static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Sends the request; connection problems and timeouts become {@link ConnectorException}s. A
     * connection dropped before any answer is tried once more at once: lookups are reads, and the
     * usual cause is a pooled keep-alive connection the agency's server had already closed.
     */
    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return sendOnce(request);
        } catch (ConnectorException dropped) {
            if (!(dropped.getCause() instanceof IOException) || dropped.getCause() instanceof HttpTimeoutException
                    || dropped.getCause() instanceof ConnectException) {
                throw dropped;
            }
            return sendOnce(request);
        }
    }

    private HttpResponse<String> sendOnce(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new ConnectorException(source, ConnectorException.Kind.TIMEOUT,
                    label + "資料來源逾 " + seconds(settings.connectTimeout()) + " 秒仍無法建立連線，系統將自動重試", e);
        } catch (HttpTimeoutException e) {
            throw new ConnectorException(source, ConnectorException.Kind.TIMEOUT,
                    label + "資料來源逾 " + seconds(settings.readTimeout()) + " 秒未回應，系統將自動重試", e);
        } catch (ConnectException e) {
            throw new ConnectorException(source, ConnectorException.Kind.UNAVAILABLE,
                    label + "資料來源暫時無法連線（連線遭拒），系統將自動重試", e);
        } catch (IOException e) {
            throw new ConnectorException(source, ConnectorException.Kind.UNAVAILABLE,
                    label + "資料來源暫時無法連線（連線中斷），系統將自動重試", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(source, ConnectorException.Kind.UNAVAILABLE,
                    label + "資料來源查詢被中斷，系統將自動重試", e);
        }
    }

    /**
     * Maps the statuses every source shares: 401/403 (credentials) and other 4xx → REFUSED,
     * 5xx → UNAVAILABLE. Returns normally for 2xx and for {@code alsoAccepted}.
     */
    protected void checkStatus(HttpResponse<String> response, int... alsoAccepted) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        if (status == 503 && response.headers().firstValue(CLOSED_HEADER).isPresent()) {
            String hours = response.headers().firstValue(HOURS_HEADER).map(h -> URLDecoder.decode(h, StandardCharsets.UTF_8)).orElse("");
            throw closed(hours, null);
        }
        for (int accepted : alsoAccepted) {
            if (status == accepted) {
                return;
            }
        }
        if (status == 401 || status == 403) {
            throw new ConnectorException(source, ConnectorException.Kind.REFUSED,
                    label + "資料來源拒絕本系統的介接憑證（HTTP " + status + "），請通知資訊單位確認介接金鑰");
        }
        if (status == 408 || status == 504) {
            throw new ConnectorException(source, ConnectorException.Kind.TIMEOUT,
                    label + "資料來源處理逾時（HTTP " + status + "），系統將自動重試");
        }
        if (status >= 400 && status < 500) {
            throw new ConnectorException(source, ConnectorException.Kind.REFUSED,
                    label + "資料來源拒絕本次查詢（HTTP " + status + "），重試無法解決，請確認申請人資料與案件類型設定");
        }
        if (status >= 500) {
            throw unavailable(status);
        }
        throw badResponse("非預期的 HTTP " + status, null);
    }

    protected ConnectorException unavailable(int status) {
        return new ConnectorException(source, ConnectorException.Kind.UNAVAILABLE,
                label + "資料來源暫時無法連線（HTTP " + status + "），系統將自動重試");
    }

    protected ConnectorException badResponse(String detail, Throwable cause) {
        return new ConnectorException(source, ConnectorException.Kind.BAD_RESPONSE,
                label + "資料來源回傳的資料無法解讀（" + detail + "），系統將自動重試；若持續發生請通知資訊單位", cause);
    }

    protected ConnectorException closed(String hours, Throwable cause) {
        return new ConnectorException(source, ConnectorException.Kind.CLOSED,
                label + "資料來源目前非服務時間" + (hours == null || hours.isBlank() ? "" : "（服務時間：" + hours + "）")
                        + "，系統將於服務時間自動重試", cause);
    }

    protected ConnectorException refused(String reason) {
        return new ConnectorException(source, ConnectorException.Kind.REFUSED,
                label + "資料來源拒絕本次查詢（" + reason + "），重試無法解決，請確認申請人資料與案件類型設定");
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format("%.1f", millis / 1000.0);
    }

    /** Parses a JSON object body; anything else is a {@link ConnectorException.Kind#BAD_RESPONSE}. */
    protected JsonNode parseJson(HttpResponse<String> response) {
        JsonNode node;
        try {
            node = JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw badResponse("不是有效的 JSON", e);
        }
        if (node == null || !node.isObject()) {
            throw badResponse("回應不是 JSON 物件", null);
        }
        return node;
    }

    /** A JSON object as a plain map (strings, numbers, booleans, nulls, lists, maps). */
    protected static Map<String, Object> toMap(JsonNode node) {
        return JSON.convertValue(node, new TypeReference<Map<String, Object>>() { });
    }

    /** Text of a field, or null when absent or JSON null. */
    protected static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** ROC calendar date yyyMMdd (e.g. 1050510) as ISO yyyy-MM-dd; null stays null. */
    protected String rocToIso(String roc) {
        if (roc == null || roc.isBlank()) {
            return null;
        }
        if (!roc.matches("\\d{6,7}")) {
            throw badResponse("民國日期格式錯誤：" + roc, null);
        }
        int len = roc.length();
        int year = Integer.parseInt(roc.substring(0, len - 4)) + 1911;
        try {
            return LocalDate.of(year, Integer.parseInt(roc.substring(len - 4, len - 2)), Integer.parseInt(roc.substring(len - 2))).toString();
        } catch (java.time.DateTimeException e) {
            throw badResponse("民國日期格式錯誤：" + roc, e);
        }
    }

    protected LocalDate isoDate(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw badResponse("日期格式錯誤：" + text, e);
        }
    }
}
