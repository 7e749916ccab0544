package tw.kuayu.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tw.kuayu.connectors.standin.AgencyStandIn;
import tw.kuayu.connectors.standin.Fault;

/** The health check the resumer uses: cheap, no personal data, past the circuit breaker. */
class HealthProbeTest extends StandInFixture {

    @Test
    void everySourceAnswersItsHealthCheckWithoutCountingAsALookup() {
        for (String source : AgencyStandIn.SOURCES) {
            assertThatNoException().as(source).isThrownBy(() -> connector(source, settings()).probe());
        }
        assertThat(standIn.stats().values()).allMatch(count -> count == 0);
    }

    @Test
    void aDownSourceIsUnavailableAndAClosedOneIsClosed() {
        standIn.faults().set("household", Fault.down());
        assertThatThrownBy(() -> connector("household", settings()).probe())
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNAVAILABLE));

        // Sunday in Taipei: closed by the configured opening hours, before anything is sent
        Clock sunday = Clock.fixed(Instant.parse("2026-03-01T03:00:00Z"), ZoneOffset.UTC);
        SourceSettings withHours = settings().withOpeningHours(new OfficeHours(LocalTime.of(8, 0), LocalTime.of(17, 0), null, null, null));
        AgencyConnector land = ConnectorRegistry.FACTORIES.get("land").apply(withHours, sunday);
        assertThatThrownBy(land::probe)
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CLOSED));
    }

    @Test
    void aHealthyProbeClosesAnOpenBreakerSoResumedJobsAreNotFailedFast() {
        ConnectorRegistry registry = ConnectorRegistry.fromSettings(Map.of("household", settings()),
                ResilientConnector.config(4, 4, Duration.ofMinutes(5)), Clock.systemUTC());
        CircuitBreaker breaker = registry.circuitBreaker("household").orElseThrow();
        breaker.transitionToOpenState();

        registry.get("household").probe();

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(registry.get("household").fetch(probe("household", ELIGIBLE)).found()).isTrue();
    }

    @Test
    void aFailedProbeLeavesTheBreakerAsItIs() {
        ConnectorRegistry registry = ConnectorRegistry.fromSettings(Map.of("household", settings()),
                ResilientConnector.config(4, 4, Duration.ofMinutes(5)), Clock.systemUTC());
        CircuitBreaker breaker = registry.circuitBreaker("household").orElseThrow();
        breaker.transitionToOpenState();
        standIn.faults().set("household", Fault.error500());

        assertThatThrownBy(() -> registry.get("household").probe()).isInstanceOf(ConnectorException.class);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
