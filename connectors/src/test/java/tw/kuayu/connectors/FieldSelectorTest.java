package tw.kuayu.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {

    private final Map<String, Object> full = Map.of(
            "name", "王小明",
            "registeredAddress", "臺北市大安區和平東路二段106號5樓",
            "members", List.of(Map.of("name", "陳美玲", "relation", "配偶", "birthDate", "1977-10-03")),
            "indigenousStatus", Map.of("indigenous", true, "ethnicGroup", "阿美族"));

    @Test
    void keepsOnlyRequestedTopLevelFields() {
        assertThat(FieldSelector.select(full, List.of("registeredAddress"))).containsOnlyKeys("registeredAddress");
    }

    @Test
    void narrowsInsideListsAndObjects() {
        Map<String, Object> out = FieldSelector.select(full, List.of("members.relation", "indigenousStatus.indigenous"));
        assertThat(out).containsOnlyKeys("members", "indigenousStatus");
        assertThat(out.get("members")).isEqualTo(List.of(Map.of("relation", "配偶")));
        assertThat(out.get("indigenousStatus")).isEqualTo(Map.of("indigenous", true));
    }

    @Test
    void wholeValueWinsOverPath() {
        Map<String, Object> out = FieldSelector.select(full, List.of("members", "members.name"));
        assertThat(out.get("members")).isEqualTo(full.get("members"));
    }
}
