package tw.kuayu.connectors.welfare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tw.kuayu.connectors.ConnectorException;
import tw.kuayu.connectors.EvidenceRecord;
import tw.kuayu.connectors.OfficeHours;
import tw.kuayu.connectors.StandInFixture;

class WelfareConnectorTest extends StandInFixture {

    /** Sunday 2026-11-29 10:00 in Taipei. */
    private static final Clock SUNDAY = Clock.fixed(Instant.parse("2026-11-29T02:00:00Z"), ZoneOffset.UTC);
    /** Wednesday 2026-11-25 10:00 in Taipei. */
    private static final Clock WEDNESDAY = Clock.fixed(Instant.parse("2026-11-25T02:00:00Z"), ZoneOffset.UTC);
    /** Saturday 2026-11-28 13:00 in Taipei: after the Saturday morning hours. */
    private static final Clock SATURDAY_AFTERNOON = Clock.fixed(Instant.parse("2026-11-28T05:00:00Z"), ZoneOffset.UTC);

    private final WelfareConnector connector = new WelfareConnector(settings());

    @AfterEach
    void realClock() {
        standIn.clock(Clock.systemUTC());
    }

    @Test
    void eligibleApplicantIsLowIncomeCategoryTwo() {
        EvidenceRecord record = connector.fetch(request(WelfareConnector.LOW_INCOME, ELIGIBLE, "lowIncome", "status", "category"));

        assertThat(record.found()).isTrue();
        assertThat(record.sourceAgency()).isEqualTo("衛生福利部社會救助及社工司");
        assertThat(record.data()).isEqualTo(Map.of("lowIncome", true, "status", "低收入戶", "category", "第2款"));
    }

    @Test
    void ineligibleApplicantIsNotLowIncome() {
        EvidenceRecord record = connector.fetch(request(WelfareConnector.LOW_INCOME, INELIGIBLE, "lowIncome", "middleLowIncome"));

        assertThat(record.found()).isTrue();
        assertThat(record.data()).isEqualTo(Map.of("lowIncome", false, "middleLowIncome", false));
    }

    @Test
    void disabilityStatusIsASeparateRecordType() {
        EvidenceRecord record = connector.fetch(request(WelfareConnector.DISABILITY, ELIGIBLE, "disabled"));

        assertThat(record.data()).isEqualTo(Map.of("disabled", false));
    }

    @Test
    void unknownValidIdIsNoRecord() {
        EvidenceRecord record = connector.fetch(request(WelfareConnector.LOW_INCOME, UNKNOWN, "lowIncome"));

        assertThat(record.found()).isFalse();
        assertThat(record.data()).isEmpty();
    }

    @Test
    void sourceOutsideItsOfficeHoursAnswersClosed() {
        standIn.officeHours("welfare", OfficeHours.welfareDefault()).clock(SUNDAY);

        assertThatThrownBy(() -> connector.fetch(request(WelfareConnector.LOW_INCOME, ELIGIBLE, "lowIncome")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CLOSED);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("社政資料來源目前非服務時間").contains("週六 08:00–12:00");
                });
        assertThat(standIn.requestCount("welfare")).isEqualTo(1);

        standIn.clock(WEDNESDAY);
        assertThat(connector.fetch(request(WelfareConnector.LOW_INCOME, ELIGIBLE, "lowIncome")).found()).isTrue();
    }

    @Test
    void connectorWithOpeningHoursDoesNotCallAClosedSource() {
        WelfareConnector closedConnector = new WelfareConnector(settings().withOpeningHours(OfficeHours.welfareDefault()), SATURDAY_AFTERNOON);

        assertThatThrownBy(() -> closedConnector.fetch(request(WelfareConnector.LOW_INCOME, ELIGIBLE, "lowIncome")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CLOSED));
        assertThat(standIn.requestCount("welfare")).isZero();

        WelfareConnector openConnector = new WelfareConnector(settings().withOpeningHours(OfficeHours.welfareDefault()), WEDNESDAY);
        assertThat(openConnector.fetch(request(WelfareConnector.LOW_INCOME, ELIGIBLE, "lowIncome")).found()).isTrue();
        assertThat(standIn.requestCount("welfare")).isEqualTo(1);
    }
}
