package tw.kuayu.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FactoryRegistrationEligibilityDecisionTest {

    private static Eligibility table;

    @BeforeAll
    static void parse() throws Exception {
        table = new Eligibility("factory-registration-eligibility");
    }

    private static Map<String, Object> factory(String zoning, String status) {
        return Map.of("factoryRegistrationNo", "99612345", "factoryName", "小明精密機械有限公司內湖廠",
                "address", "臺北市內湖區新湖二路168號", "zoning", zoning, "zoningDetail", "第二種工業區", "status", status);
    }

    private static DmnDecisionRuleResult evaluate(List<Map<String, Object>> factories) {
        Map<String, Object> company = Map.of("businessNo", "87654321", "companyName", "美惠花藝工作室", "status", "核准設立");
        return table.evaluate(Map.of("businessRegistration", Map.of("companies", List.of(company), "factories", factories)));
    }

    @Test
    void applicantAsFactoryInAnIndustrialZoneIsEligible() {
        var result = evaluate(List.of(factory("工業區", "生產中")));
        assertThat((Boolean) result.getEntry("eligible")).isTrue();
        assertThat((String) result.getEntry("eligibilityReason")).contains("工廠管理輔導法");
    }

    @Test
    void applicantBHasACompanyButNoFactory() {
        var result = evaluate(List.of());
        assertThat((Boolean) result.getEntry("eligible")).isFalse();
        assertThat((String) result.getEntry("eligibilityReason")).contains("查無申請人之工廠資料");
    }

    @Test
    void aFactoryOutsideAnIndustrialZoneIsNotEligible() {
        var result = evaluate(List.of(factory("住宅區", "生產中")));
        assertThat((Boolean) result.getEntry("eligible")).isFalse();
        assertThat((String) result.getEntry("eligibilityReason")).contains("非屬工業區");
    }

    @Test
    void aClosedFactoryIsNotEligible() {
        var result = evaluate(List.of(factory("工業區", "歇業")));
        assertThat((Boolean) result.getEntry("eligible")).isFalse();
        assertThat((String) result.getEntry("eligibilityReason")).contains("非屬生產中");
    }

    @Test
    void oneActiveFactoryInAnIndustrialZoneIsEnough() {
        assertThat((Boolean) evaluate(List.of(factory("住宅區", "歇業"), factory("工業區", "生產中"))).getEntry("eligible")).isTrue();
    }

    @Test
    void noBusinessRecordIsNotEligible() {
        assertThat((Boolean) table.evaluate(Map.of()).getEntry("eligible")).isFalse();
    }
}
