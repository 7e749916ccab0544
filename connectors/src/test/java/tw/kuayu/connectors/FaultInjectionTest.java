package tw.kuayu.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tw.kuayu.connectors.standin.Fault;

class FaultInjectionTest extends StandInFixture {

    private static final Duration SHORT_READ_TIMEOUT = Duration.ofMillis(1500); // long enough for a loaded CI machine to get a quick 503 answer in time

    private static AgencyConnector shortTimeoutConnector(String source) {
        return connector(source, settings().withReadTimeout(SHORT_READ_TIMEOUT));
    }

    private static ConnectorException failure(AgencyConnector connector, String source) {
        try {
            connector.fetch(probe(source, ELIGIBLE));
        } catch (ConnectorException e) {
            assertThat(e.source()).isEqualTo(source);
            return e;
        }
        throw new AssertionError("expected a ConnectorException from " + source);
    }

    @ParameterizedTest
    @ValueSource(strings = {"household", "land", "tax", "business", "welfare"})
    void downIsUnavailableAndHealingRestoresTheSource(String source) {
        AgencyConnector connector = shortTimeoutConnector(source);
        standIn.faults().set(source, Fault.down());

        ConnectorException e = failure(connector, source);
        assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("資料來源暫時無法連線（HTTP 503），系統將自動重試");

        standIn.faults().clear(source);
        assertThat(connector.fetch(probe(source, ELIGIBLE)).found()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"household", "land", "tax", "business", "welfare"})
    void serverErrorIsUnavailable(String source) {
        standIn.faults().set(source, Fault.error500());

        ConnectorException e = failure(shortTimeoutConnector(source), source);
        assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("HTTP 500");
    }

    @ParameterizedTest
    @ValueSource(strings = {"household", "land", "tax", "business", "welfare"})
    void noAnswerInTimeIsTimeoutAndHealingRestoresTheSource(String source) {
        AgencyConnector connector = shortTimeoutConnector(source);
        standIn.faults().set(source, Fault.timeout());

        ConnectorException e = failure(connector, source);
        assertThat(e.kind()).isEqualTo(ConnectorException.Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("逾 1.5 秒未回應，系統將自動重試");

        standIn.faults().clear(source);
        assertThat(connector.fetch(probe(source, ELIGIBLE)).found()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"household", "land", "tax", "business", "welfare"})
    void slowButWithinTheTimeoutSucceeds(String source) {
        standIn.faults().set(source, Fault.slow(50));

        assertThat(connector(source, settings()).fetch(probe(source, ELIGIBLE)).found()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"household", "land", "tax", "business", "welfare"})
    void malformedAnswerIsBadResponse(String source) {
        standIn.faults().set(source, Fault.malformed());

        ConnectorException e = failure(shortTimeoutConnector(source), source);
        assertThat(e.kind()).isEqualTo(ConnectorException.Kind.BAD_RESPONSE);
        assertThat(e.getMessage()).contains("資料無法解讀");
    }

    @ParameterizedTest
    @ValueSource(strings = {"household", "land", "tax", "business", "welfare"})
    void closedIsClosed(String source) {
        standIn.faults().set(source, Fault.closed());

        ConnectorException e = failure(shortTimeoutConnector(source), source);
        assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CLOSED);
        assertThat(e.getMessage()).contains("非服務時間");
    }

    @Test
    void connectionRefusedIsUnavailable() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        AgencyConnector connector = connector("household", SourceSettings.of("http://localhost:" + freePort));

        ConnectorException e = failure(connector, "household");
        assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNAVAILABLE);
        assertThat(e.getMessage()).isEqualTo("戶役政資料來源暫時無法連線（連線遭拒），系統將自動重試");
    }

    @Test
    void wrongApiKeyIsRefusedAndTheRightOneIsAccepted() {
        standIn.requireApiKey("land", "land-secret");
        try {
            ConnectorException e = failure(connector("land", settings().withApiKey("wrong")), "land");
            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REFUSED);
            assertThat(e.getMessage()).contains("介接憑證");

            assertThat(connector("land", settings().withApiKey("land-secret")).fetch(probe("land", ELIGIBLE)).found()).isTrue();
        } finally {
            standIn.requireApiKey("land", null);
        }
    }
}
