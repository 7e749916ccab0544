package tw.kuayu.evidence;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import tw.kuayu.connectors.OfficeHours;

/**
 * {@code kuayu.connectors.*}: how to reach each agency source ({@code sources.<source>}) and how
 * cases waiting on a source that was down are resumed. A source without a base URL is served by
 * the in-process agency stand-in when {@code kuayu.standin.enabled} is true.
 *
 * @param resumeInterval how often sources with waiting cases are probed (default 1 min)
 * @param resumeRetries  job retries given back to a waiting case when its source answers again (default 3)
 */
@ConfigurationProperties("kuayu.connectors")
public record ConnectorProperties(Map<String, Source> sources, Duration resumeInterval, Integer resumeRetries) {

    public ConnectorProperties {
        sources = sources == null ? Map.of() : Map.copyOf(sources);
        resumeInterval = resumeInterval == null ? Duration.ofMinutes(1) : resumeInterval;
        resumeRetries = resumeRetries == null || resumeRetries < 1 ? 3 : resumeRetries;
    }

    /**
     * @param baseUrl        the source's base URL
     * @param apiKey         credential sent with every call (from the environment, never committed)
     * @param connectTimeout TCP connect timeout (default 2 s)
     * @param readTimeout    answer timeout (default 10 s)
     * @param openingHours   when the source answers; unset: always. Outside them a lookup is not sent and fails as closed.
     */
    public record Source(String baseUrl, String apiKey, Duration connectTimeout, Duration readTimeout, Hours openingHours) {
    }

    /**
     * Opening hours, local times {@code HH:mm}: weekdays, and Saturday (both unset: closed on
     * Saturday); always closed on Sunday. {@code zone} defaults to Asia/Taipei.
     */
    public record Hours(String weekdayOpen, String weekdayClose, String saturdayOpen, String saturdayClose, String zone) {

        public OfficeHours toOfficeHours() {
            return new OfficeHours(time(weekdayOpen), time(weekdayClose), time(saturdayOpen), time(saturdayClose), zone);
        }

        private static LocalTime time(String text) {
            return text == null || text.isBlank() ? null : LocalTime.parse(text.trim());
        }
    }
}
