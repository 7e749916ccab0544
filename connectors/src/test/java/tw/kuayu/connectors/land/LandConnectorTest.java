package tw.kuayu.connectors.land;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tw.kuayu.connectors.EvidenceRecord;
import tw.kuayu.connectors.StandInFixture;

class LandConnectorTest extends StandInFixture {

    private static final String[] LAND_TAX_FIELDS = {"parcels.parcelNo", "parcels.locationAddress", "parcels.areaM2",
            "parcels.ownershipShare", "parcels.rented", "parcels.businessUse"};

    private final LandConnector connector = new LandConnector(settings());

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parcels(EvidenceRecord record) {
        return (List<Map<String, Object>>) record.data().get("parcels");
    }

    @Test
    void eligibleApplicantOwnsTheSelfUsedDaanParcelOutright() {
        EvidenceRecord record = connector.fetch(request(LandConnector.RECORD_TYPE, ELIGIBLE, LAND_TAX_FIELDS));

        assertThat(record.found()).isTrue();
        assertThat(record.sourceAgency()).isEqualTo("臺北市政府地政局");
        assertThat(record.asOf()).isEqualTo(LocalDate.now(ZoneId.of("Asia/Taipei")));
        assertThat(record.data()).containsOnlyKeys("parcels");
        assertThat(parcels(record)).containsExactly(Map.of(
                "parcelNo", "大安區龍泉段二小段0123-0000地號",
                "locationAddress", "臺北市大安區和平東路二段106號",
                "areaM2", 120.5,
                "ownershipShare", "1/1",
                "rented", false,
                "businessUse", false));
    }

    @Test
    void romanDatesZoningAndBuildingAreMapped() {
        EvidenceRecord record = connector.fetch(request(LandConnector.RECORD_TYPE, ELIGIBLE,
                "parcelCount", "parcels.zoning", "parcels.registeredOn", "parcels.selfUse", "parcels.building.address"));

        assertThat(record.data()).containsEntry("parcelCount", 1);
        assertThat(parcels(record)).containsExactly(Map.of("zoning", "第三種住宅區", "registeredOn", "2012-08-01",
                "selfUse", true, "building", Map.of("address", "臺北市大安區和平東路二段106號5樓")));
    }

    @Test
    void ineligibleApplicantsParcelIsElsewhereAndRentedOut() {
        EvidenceRecord record = connector.fetch(request(LandConnector.RECORD_TYPE, INELIGIBLE, LAND_TAX_FIELDS));

        assertThat(record.found()).isTrue();
        Map<String, Object> parcel = parcels(record).get(0);
        assertThat(parcel).containsEntry("locationAddress", "臺北市信義區吳興街220巷15號")
                .containsEntry("rented", true).containsEntry("ownershipShare", "1/2");
    }

    @Test
    void unknownValidIdIsAnEmptyParcelList() {
        EvidenceRecord record = connector.fetch(request(LandConnector.RECORD_TYPE, UNKNOWN, LAND_TAX_FIELDS));

        assertThat(record.found()).isFalse();
        assertThat(record.data()).isEmpty();
    }
}
