package tw.kuayu.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PublicHousingEligibilityDecisionTest {

    private static Eligibility table;

    @BeforeAll
    static void parse() throws Exception {
        table = new Eligibility("public-housing-low-income-eligibility");
    }

    private static Map<String, Object> welfare(String status) {
        Map<String, Object> m = new HashMap<>();
        m.put("lowIncome", "低收入戶".equals(status));
        m.put("middleLowIncome", "中低收入戶".equals(status));
        m.put("status", status);
        m.put("householdSize", 3);
        return m;
    }

    private static DmnDecisionRuleResult evaluate(String registeredAddress, String welfareStatus, boolean propertyMeets) {
        return table.evaluate(Map.of(
                "householdRegistration", Map.of("registeredAddress", registeredAddress, "members", java.util.List.of()),
                "lowIncomeStatus", welfare(welfareStatus),
                "propertyBelowThreshold", Map.of("meets", propertyMeets)));
    }

    @Test
    void applicantAIsEligible() {
        var result = evaluate("臺北市大安區和平東路二段106號5樓", "低收入戶", true);
        assertThat((Boolean) result.getEntry("eligible")).isTrue();
        assertThat((String) result.getEntry("eligibilityReason")).contains("住宅法第4條");
    }

    @Test
    void applicantBIsNotLowIncome() {
        var result = evaluate("新北市板橋區文化路一段100號", "非低收入戶或中低收入戶", false);
        assertThat((Boolean) result.getEntry("eligible")).isFalse();
        assertThat((String) result.getEntry("eligibilityReason")).contains("非社會救助法第4條、第4條之1所定低收入戶或中低收入戶");
    }

    @Test
    void middleLowIncomeCounts() {
        assertThat((Boolean) evaluate("台北市中山區南京東路一段1號", "中低收入戶", true).getEntry("eligible")).isTrue();
    }

    @Test
    void propertyAboveTheThresholdIsNotEligible() {
        var result = evaluate("臺北市大安區和平東路二段106號5樓", "低收入戶", false);
        assertThat((Boolean) result.getEntry("eligible")).isFalse();
        assertThat((String) result.getEntry("eligibilityReason")).contains("財產超過標準");
    }

    @Test
    void registeredOutsideTaipeiIsNotEligible() {
        var result = evaluate("新北市板橋區文化路一段100號", "低收入戶", true);
        assertThat((Boolean) result.getEntry("eligible")).isFalse();
        assertThat((String) result.getEntry("eligibilityReason")).contains("未設籍於臺北市");
    }

    @Test
    void missingRecordsAreNotEligible() {
        var result = table.evaluate(Map.of());
        assertThat((Boolean) result.getEntry("eligible")).isFalse();
        assertThat((String) result.getEntry("eligibilityReason")).contains("低收入戶");
    }
}
