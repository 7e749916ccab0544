package tw.kuayu.connectors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import tw.kuayu.connectors.business.BusinessConnector;
import tw.kuayu.connectors.household.HouseholdConnector;
import tw.kuayu.connectors.land.LandConnector;
import tw.kuayu.connectors.standin.AgencyStandIn;
import tw.kuayu.connectors.tax.TaxConnector;
import tw.kuayu.connectors.welfare.WelfareConnector;

/** Starts a stand-in on a random port for the test class; heals faults and resets counts between tests. */
public abstract class StandInFixture {

    public static final String ELIGIBLE = "A123456789";
    public static final String INELIGIBLE = "B234567890";
    /** Valid check digit, no record anywhere. */
    public static final String UNKNOWN = "B234567894";

    /** For each source: a record type and a field that every demo applicant has. */
    public static final Map<String, List<String>> PROBE = Map.of(
            "household", List.of(HouseholdConnector.RECORD_TYPE, "registeredAddress"),
            "land", List.of(LandConnector.RECORD_TYPE, "parcels.locationAddress"),
            "tax", List.of(TaxConnector.INCOME_BELOW_THRESHOLD, "meets"),
            "business", List.of(BusinessConnector.RECORD_TYPE, "factories"),
            "welfare", List.of(WelfareConnector.LOW_INCOME, "lowIncome"));

    protected static AgencyStandIn standIn;

    @BeforeAll
    static void startStandIn() {
        standIn = new AgencyStandIn().start(0);
    }

    @AfterAll
    static void stopStandIn() {
        standIn.stop();
    }

    @BeforeEach
    void alwaysOpen() {
        standIn.officeHours("welfare", null);
        standIn.resetStats();
    }

    @AfterEach
    void heal() {
        standIn.faults().clearAll();
    }

    protected static SourceSettings settings() {
        return new SourceSettings(standIn.baseUrl(), null, Duration.ofSeconds(2), Duration.ofSeconds(5), null);
    }

    protected static EvidenceRequest request(String recordType, String nationalId, String... fields) {
        return new EvidenceRequest("KY-2026-000123", nationalId, recordType, List.of(fields),
                "地價稅自用住宅用地稅率申請審核", "土地稅法第9條、第17條", "clerk01");
    }

    protected static AgencyConnector connector(String source, SourceSettings settings) {
        return ConnectorRegistry.FACTORIES.get(source).apply(settings, null);
    }

    protected static EvidenceRequest probe(String source, String nationalId) {
        return request(PROBE.get(source).get(0), nationalId, PROBE.get(source).get(1));
    }
}
