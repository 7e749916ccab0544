package tw.kuayu.connectors;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one agency source; bindable from the engine app's configuration.
 *
 * @param baseUrl        the source's base URL, e.g. {@code http://localhost:8099} (the connector adds its own path)
 * @param apiKey         credential sent with every call (header {@code X-Api-Key}); null: none
 * @param connectTimeout how long to wait for the TCP connection (default 2 s)
 * @param readTimeout    how long to wait for the answer (default 10 s)
 * @param openingHours   when the source answers; null: always
 */
public record SourceSettings(
        String baseUrl,
        String apiKey,
        Duration connectTimeout,
        Duration readTimeout,
        OfficeHours openingHours) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    public SourceSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
    }

    public static SourceSettings of(String baseUrl) {
        return new SourceSettings(baseUrl, null, null, null, null);
    }

    public SourceSettings withApiKey(String key) {
        return new SourceSettings(baseUrl, key, connectTimeout, readTimeout, openingHours);
    }

    public SourceSettings withReadTimeout(Duration timeout) {
        return new SourceSettings(baseUrl, apiKey, connectTimeout, timeout, openingHours);
    }

    public SourceSettings withOpeningHours(OfficeHours hours) {
        return new SourceSettings(baseUrl, apiKey, connectTimeout, readTimeout, hours);
    }
}
