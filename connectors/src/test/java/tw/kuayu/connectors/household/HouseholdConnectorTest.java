package tw.kuayu.connectors.household;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tw.kuayu.connectors.ConnectorException;
import tw.kuayu.connectors.EvidenceHashing;
import tw.kuayu.connectors.EvidenceRecord;
import tw.kuayu.connectors.StandInFixture;

class HouseholdConnectorTest extends StandInFixture {

    private final HouseholdConnector connector = new HouseholdConnector(settings());

    @Test
    void eligibleApplicantIsRegisteredAtTheDaanAddressWithFamilyAndIndigenousStatus() {
        EvidenceRecord record = connector.fetch(request(HouseholdConnector.RECORD_TYPE, ELIGIBLE,
                "registeredAddress", "registeredSince", "members", "indigenousStatus"));

        assertThat(record.found()).isTrue();
        assertThat(record.source()).isEqualTo("household");
        assertThat(record.sourceAgency()).isEqualTo("內政部戶政司");
        assertThat(record.asOf()).isEqualTo(LocalDate.now(ZoneId.of("Asia/Taipei")));
        assertThat(record.data()).containsOnlyKeys("registeredAddress", "registeredSince", "members", "indigenousStatus");
        assertThat(record.data()).containsEntry("registeredAddress", "臺北市大安區和平東路二段106號5樓")
                .containsEntry("registeredSince", "2012-08-20");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> members = (List<Map<String, Object>>) record.data().get("members");
        assertThat(members).extracting(m -> m.get("name")).containsExactly("王小明", "陳美玲", "王大同");
        assertThat(members).extracting(m -> m.get("relation")).containsExactly("戶長", "配偶", "子");
        assertThat(members).allSatisfy(m -> assertThat(m).doesNotContainKey("nationalId"));
        assertThat(members.get(1)).containsEntry("nationalIdMasked", "A23****124");
        assertThat(record.data().get("indigenousStatus"))
                .isEqualTo(Map.of("indigenous", true, "ethnicGroup", "阿美族", "category", "平地原住民"));
        assertThat(record.sha256()).isEqualTo(EvidenceHashing.sha256(record.data()));
    }

    @Test
    void ineligibleApplicantIsRegisteredInBanqiaoAndNotIndigenousDespiteTheWrongCheckDigit() {
        EvidenceRecord record = connector.fetch(request(HouseholdConnector.RECORD_TYPE, INELIGIBLE,
                "name", "registeredAddress", "indigenousStatus.indigenous"));

        assertThat(record.found()).isTrue();
        assertThat(record.data()).containsEntry("name", "林美惠")
                .containsEntry("registeredAddress", "新北市板橋區文化路一段100號")
                .containsEntry("indigenousStatus", Map.of("indigenous", false));
    }

    @Test
    void unknownValidIdIsNoRecord() {
        EvidenceRecord record = connector.fetch(request(HouseholdConnector.RECORD_TYPE, UNKNOWN, "registeredAddress"));

        assertThat(record.found()).isFalse();
        assertThat(record.data()).isEmpty();
        assertThat(record.sha256()).isEqualTo(EvidenceHashing.sha256(Map.of()));
    }

    @Test
    void unknownIdWithWrongCheckDigitIsRefusedBySource() {
        assertThatThrownBy(() -> connector.fetch(request(HouseholdConnector.RECORD_TYPE, "A123456788", "name")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REFUSED);
                    assertThat(e.getMessage()).contains("檢查碼錯誤");
                });
    }

    @Test
    void returnsOnlyTheRequestedMemberAttributes() {
        EvidenceRecord record = connector.fetch(request(HouseholdConnector.RECORD_TYPE, ELIGIBLE, "members.name", "members.relation"));

        assertThat(record.data()).containsOnlyKeys("members");
        assertThat(record.data().get("members")).isEqualTo(List.of(
                Map.of("name", "王小明", "relation", "戶長"),
                Map.of("name", "陳美玲", "relation", "配偶"),
                Map.of("name", "王大同", "relation", "子")));
    }

    @Test
    void emptyFieldListIsRefusedWithoutCallingTheSource() {
        assertThatThrownBy(() -> connector.fetch(request(HouseholdConnector.RECORD_TYPE, ELIGIBLE)))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REFUSED);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("比例原則");
                });
        assertThat(standIn.requestCount("household")).isZero();
    }

    @Test
    void unknownFieldAndRecordTypeAreRefused() {
        assertThatThrownBy(() -> connector.fetch(request(HouseholdConnector.RECORD_TYPE, ELIGIBLE, "criminalRecord")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REFUSED);
                    assertThat(e.getMessage()).contains("criminalRecord");
                });
        assertThatThrownBy(() -> connector.fetch(request("marriage-history", ELIGIBLE, "name")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REFUSED));
        assertThat(standIn.requestCount("household")).isZero();
    }
}
