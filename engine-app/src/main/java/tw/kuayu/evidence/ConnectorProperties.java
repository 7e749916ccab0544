package tw.kuayu.evidence;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code kuayu.connectors.sources.<source>}: how to reach each agency source. A source without a
 * base URL is served by the in-process agency stand-in when {@code kuayu.standin.enabled} is true.
 */
@ConfigurationProperties("kuayu.connectors")
public record ConnectorProperties(Map<String, Source> sources) {

    public ConnectorProperties {
        sources = sources == null ? Map.of() : Map.copyOf(sources);
    }

    /**
     * @param baseUrl        the source's base URL
     * @param apiKey         credential sent with every call (from the environment, never committed)
     * @param connectTimeout TCP connect timeout (default 2 s)
     * @param readTimeout    answer timeout (default 10 s)
     */
    public record Source(String baseUrl, String apiKey, Duration connectTimeout, Duration readTimeout) {
    }
}
