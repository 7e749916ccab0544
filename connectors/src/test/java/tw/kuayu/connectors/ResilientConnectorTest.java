package tw.kuayu.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tw.kuayu.connectors.household.HouseholdConnector;
import tw.kuayu.connectors.standin.Fault;

class ResilientConnectorTest extends StandInFixture {

    private ConnectorRegistry registry() {
        return ConnectorRegistry.fromSettings(Map.of("household", settings(), "land", settings()),
                ResilientConnector.config(4, 4, Duration.ofMinutes(5)), Clock.systemUTC());
    }

    @Test
    void opensAfterRepeatedFailuresAndStopsCallingTheSource() {
        ConnectorRegistry registry = registry();
        AgencyConnector household = registry.get("household");
        standIn.faults().set("household", Fault.down());

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> household.fetch(probe("household", ELIGIBLE)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.getMessage()).contains("HTTP 503"));
        }
        assertThat(registry.circuitBreaker("household")).get().extracting(CircuitBreaker::getState).isEqualTo(CircuitBreaker.State.OPEN);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> household.fetch(probe("household", ELIGIBLE)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNAVAILABLE);
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("戶役政資料來源近期連續發生錯誤，暫時略過不查詢");
                    });
        }
        assertThat(standIn.requestCount("household")).isEqualTo(4);

        // other sources are unaffected
        assertThat(registry.get("land").fetch(probe("land", ELIGIBLE)).found()).isTrue();

        // after the open period a trial call goes through and closes the breaker again
        standIn.faults().clear("household");
        registry.circuitBreaker("household").orElseThrow().transitionToHalfOpenState();
        assertThat(household.fetch(probe("household", ELIGIBLE)).found()).isTrue();
        assertThat(registry.circuitBreaker("household").orElseThrow().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(standIn.requestCount("household")).isEqualTo(5);
    }

    @Test
    void refusalsAreNotFailuresOfTheSource() {
        ConnectorRegistry registry = registry();
        AgencyConnector household = registry.get("household");

        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> household.fetch(request(HouseholdConnector.RECORD_TYPE, ELIGIBLE)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REFUSED));
        }
        assertThat(registry.circuitBreaker("household").orElseThrow().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(household.fetch(probe("household", ELIGIBLE)).found()).isTrue();
    }

    @Test
    void registryRejectsUnknownSources() {
        assertThatThrownBy(() -> ConnectorRegistry.fromSettings(Map.of("vehicles", settings())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vehicles");
        assertThatThrownBy(() -> registry().get("tax")).isInstanceOf(IllegalArgumentException.class);
        assertThat(registry().sources()).containsExactlyInAnyOrder("household", "land");
    }
}
