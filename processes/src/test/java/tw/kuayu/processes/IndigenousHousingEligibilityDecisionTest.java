package tw.kuayu.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IndigenousHousingEligibilityDecisionTest {

    private static Eligibility table;

    @BeforeAll
    static void parse() throws Exception {
        table = new Eligibility("indigenous-housing-subsidy-eligibility");
    }

    private static DmnDecisionRuleResult evaluate(String registeredAddress, boolean indigenous, boolean incomeMeets) {
        Map<String, Object> status = new HashMap<>();
        status.put("indigenous", indigenous);
        status.put("category", indigenous ? "平地原住民" : null);
        return table.evaluate(Map.of(
                "householdRegistration", Map.of("registeredAddress", registeredAddress, "indigenousStatus", status),
                "incomeBelowThreshold", Map.of("meets", incomeMeets)));
    }

    @Test
    void applicantAIsEligible() {
        var result = evaluate("臺北市大安區和平東路二段106號5樓", true, true);
        assertThat((Boolean) result.getEntry("eligible")).isTrue();
        assertThat((String) result.getEntry("eligibilityReason")).contains("原住民族基本法第16條");
    }

    @Test
    void applicantBHasNoIndigenousStatus() {
        var result = evaluate("新北市板橋區文化路一段100號", false, false);
        assertThat((Boolean) result.getEntry("eligible")).isFalse();
        assertThat((String) result.getEntry("eligibilityReason")).contains("查無申請人之原住民身分");
    }

    @Test
    void registeredOutsideTaipeiIsNotEligible() {
        var result = evaluate("花蓮縣吉安鄉中山路一段1號", true, true);
        assertThat((Boolean) result.getEntry("eligible")).isFalse();
        assertThat((String) result.getEntry("eligibilityReason")).contains("未設籍於臺北市");
    }

    @Test
    void incomeAboveTheThresholdIsNotEligible() {
        var result = evaluate("臺北市大安區和平東路二段106號5樓", true, false);
        assertThat((Boolean) result.getEntry("eligible")).isFalse();
        assertThat((String) result.getEntry("eligibilityReason")).contains("所得超過標準");
    }

    @Test
    void missingRecordsAreNotEligible() {
        assertThat((Boolean) table.evaluate(Map.of()).getEntry("eligible")).isFalse();
    }
}
