package tw.kuayu.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LandValueTaxEligibilityDecisionTest {

    private static DmnEngine dmn;
    private static DmnDecision decision;

    @BeforeAll
    static void parse() throws Exception {
        dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        try (InputStream in = LandValueTaxEligibilityDecisionTest.class.getResourceAsStream("/processes/land-value-tax-self-use-eligibility.dmn")) {
            decision = dmn.parseDecision("land-value-tax-self-use-eligibility", in);
        }
    }

    private static Map<String, Object> parcel(String location, boolean rented, boolean businessUse) {
        return Map.of("locationAddress", location, "rented", rented, "businessUse", businessUse);
    }

    private static DmnDecisionRuleResult evaluate(Map<String, Object> household, Map<String, Object> land) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("household", household);
        vars.put("land", land);
        return dmn.evaluateDecisionTable(decision, vars).getSingleResult();
    }

    @Test
    void ownerRegisteredAtTheLandWithoutRentIsEligible() {
        var result = evaluate(Map.of("registeredAddress", "臺北市大安區和平東路二段106號5樓"),
                Map.of("parcels", List.of(parcel("臺北市大安區和平東路二段106號", false, false))));
        assertThat((Boolean) result.getEntry("eligible")).isTrue();
    }

    @Test
    void applicantRegisteredElsewhereIsNotEligible() {
        var result = evaluate(Map.of("registeredAddress", "新北市板橋區文化路一段100號"),
                Map.of("parcels", List.of(parcel("臺北市信義區松仁路100號", false, false))));
        assertThat((Boolean) result.getEntry("eligible")).isFalse();
        assertThat((String) result.getEntry("eligibilityReason")).contains("未於該土地所在地辦竣戶籍登記");
    }

    @Test
    void rentedLandIsNotEligible() {
        var result = evaluate(Map.of("registeredAddress", "臺北市大安區和平東路二段106號5樓"),
                Map.of("parcels", List.of(parcel("臺北市大安區和平東路二段106號", true, false))));
        assertThat((Boolean) result.getEntry("eligible")).isFalse();
        assertThat((String) result.getEntry("eligibilityReason")).contains("出租");
    }

    @Test
    void noLandRecordIsNotEligible() {
        var result = evaluate(Map.of("registeredAddress", "臺北市大安區和平東路二段106號5樓"), Map.of());
        assertThat((Boolean) result.getEntry("eligible")).isFalse();
        assertThat((String) result.getEntry("eligibilityReason")).contains("查無申請人所有之土地");
    }

    @Test
    void noHouseholdRecordIsNotEligible() {
        var result = evaluate(Map.of(), Map.of("parcels", List.of(parcel("臺北市大安區和平東路二段106號", false, false))));
        assertThat((Boolean) result.getEntry("eligible")).isFalse();
    }
}
