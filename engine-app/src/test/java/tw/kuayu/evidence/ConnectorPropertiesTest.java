package tw.kuayu.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tw.kuayu.connectors.OfficeHours;

/** {@code kuayu.connectors.*} as an operator writes it in application.yaml. */
class ConnectorPropertiesTest {

    static ConnectorProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bind("kuayu.connectors", ConnectorProperties.class)
                .orElseGet(() -> new ConnectorProperties(null, null, null));
    }

    @Test
    void openingHoursPerSourceAndTheResumeSchedule() {
        ConnectorProperties properties = bind(Map.of(
                "kuayu.connectors.resume-interval", "30s",
                "kuayu.connectors.resume-retries", "5",
                "kuayu.connectors.sources.welfare.base-url", "https://gateway.example.gov.tw",
                "kuayu.connectors.sources.welfare.opening-hours.weekday-open", "08:00",
                "kuayu.connectors.sources.welfare.opening-hours.weekday-close", "20:00",
                "kuayu.connectors.sources.welfare.opening-hours.saturday-open", "08:00",
                "kuayu.connectors.sources.welfare.opening-hours.saturday-close", "12:00"));

        assertThat(properties.resumeInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.resumeRetries()).isEqualTo(5);
        OfficeHours hours = properties.sources().get("welfare").openingHours().toOfficeHours();
        assertThat(hours).isEqualTo(OfficeHours.welfareDefault());
        assertThat(hours.weekdayOpen()).isEqualTo(LocalTime.of(8, 0));
        assertThat(hours.isOpen(Instant.parse("2026-03-02T13:00:00Z"))).as("Monday 21:00 in Taipei").isFalse();
    }

    @Test
    void defaults() {
        ConnectorProperties properties = bind(Map.of("kuayu.connectors.sources.land.base-url", "https://gateway.example.gov.tw"));
        assertThat(properties.resumeInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.resumeRetries()).isEqualTo(3);
        assertThat(properties.sources().get("land").openingHours()).as("always open").isNull();
    }
}
