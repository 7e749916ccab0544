package tw.kuayu.connectors.business;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tw.kuayu.connectors.EvidenceRecord;
import tw.kuayu.connectors.StandInFixture;

class BusinessConnectorTest extends StandInFixture {

    private final BusinessConnector connector = new BusinessConnector(settings());

    @Test
    void eligibleApplicantHasARegisteredCompanyAndFactoryInAnIndustrialZone() {
        EvidenceRecord record = connector.fetch(request(BusinessConnector.RECORD_TYPE, ELIGIBLE,
                "companies.companyName", "companies.businessNo", "companies.setUpDate",
                "factories.factoryRegistrationNo", "factories.address", "factories.zoning"));

        assertThat(record.found()).isTrue();
        assertThat(record.sourceAgency()).isEqualTo("經濟部商業司");
        assertThat(record.data().get("companies")).isEqualTo(List.of(
                Map.of("companyName", "小明精密機械有限公司", "businessNo", "24536806", "setUpDate", "2016-05-10")));
        assertThat(record.data().get("factories")).isEqualTo(List.of(
                Map.of("factoryRegistrationNo", "99612345", "address", "臺北市內湖區新湖二路168號", "zoning", "工業區")));
    }

    @Test
    void ineligibleApplicantHasACompanyButNoFactory() {
        EvidenceRecord record = connector.fetch(request(BusinessConnector.RECORD_TYPE, INELIGIBLE, "companies.companyName", "factories"));

        assertThat(record.found()).isTrue();
        assertThat(record.data().get("companies")).isEqualTo(List.of(Map.of("companyName", "美惠花藝工作室")));
        assertThat(record.data().get("factories")).isEqualTo(List.of());
    }

    @Test
    void unknownValidIdHasNoRegistration() {
        EvidenceRecord record = connector.fetch(request(BusinessConnector.RECORD_TYPE, UNKNOWN, "companies", "factories"));

        assertThat(record.found()).isFalse();
        assertThat(record.data()).isEmpty();
    }
}
