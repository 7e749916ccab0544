package tw.kuayu.connectors.tax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tw.kuayu.connectors.ConnectorException;
import tw.kuayu.connectors.EvidenceRecord;
import tw.kuayu.connectors.StandInFixture;

class TaxConnectorTest extends StandInFixture {

    private final TaxConnector connector = new TaxConnector(settings());

    @ParameterizedTest
    @ValueSource(strings = {TaxConnector.INCOME_BELOW_THRESHOLD, TaxConnector.PROPERTY_BELOW_THRESHOLD})
    void eligibleApplicantIsBelowTheThresholdAsOfTheMonthlyBatch(String question) {
        EvidenceRecord record = connector.fetch(request(question, ELIGIBLE, "meets"));

        assertThat(record.found()).isTrue();
        assertThat(record.recordType()).isEqualTo(question);
        assertThat(record.data()).isEqualTo(Map.of("meets", true));
        assertThat(record.asOf()).isEqualTo(LocalDate.now(ZoneId.of("Asia/Taipei")).withDayOfMonth(1));
        assertThat(record.sourceAgency()).isEqualTo("財政部財政資訊中心");
    }

    @ParameterizedTest
    @ValueSource(strings = {TaxConnector.INCOME_BELOW_THRESHOLD, TaxConnector.PROPERTY_BELOW_THRESHOLD})
    void ineligibleApplicantIsAboveTheThreshold(String question) {
        EvidenceRecord record = connector.fetch(request(question, INELIGIBLE, "meets"));

        assertThat(record.found()).isTrue();
        assertThat(record.data()).isEqualTo(Map.of("meets", false));
    }

    @Test
    void unknownValidIdIsNotFound() {
        EvidenceRecord record = connector.fetch(request(TaxConnector.INCOME_BELOW_THRESHOLD, UNKNOWN, "meets"));

        assertThat(record.found()).isFalse();
        assertThat(record.data()).isEmpty();
    }

    @Test
    void figuresCannotBeRequested() {
        assertThatThrownBy(() -> connector.fetch(request(TaxConnector.INCOME_BELOW_THRESHOLD, ELIGIBLE, "meets", "annualIncomeTwd")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REFUSED);
                    assertThat(e.getMessage()).contains("annualIncomeTwd");
                });
        assertThat(standIn.requestCount("tax")).isZero();
    }
}
