package tw.kuayu.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceHashingTest {

    @Test
    void hashIsStableAcrossKeyOrderAtEveryLevel() {
        Map<String, Object> inner1 = new LinkedHashMap<>();
        inner1.put("relation", "配偶");
        inner1.put("name", "陳美玲");
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("registeredAddress", "臺北市大安區和平東路二段106號5樓");
        a.put("members", List.of(inner1));
        a.put("indigenous", true);

        Map<String, Object> inner2 = new LinkedHashMap<>();
        inner2.put("name", "陳美玲");
        inner2.put("relation", "配偶");
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("indigenous", true);
        b.put("members", List.of(inner2));
        b.put("registeredAddress", "臺北市大安區和平東路二段106號5樓");

        assertThat(EvidenceHashing.sha256(a)).isEqualTo(EvidenceHashing.sha256(b)).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(EvidenceHashing.canonicalJson(b))
                .isEqualTo("{\"indigenous\":true,\"members\":[{\"name\":\"陳美玲\",\"relation\":\"配偶\"}],\"registeredAddress\":\"臺北市大安區和平東路二段106號5樓\"}");
    }

    @Test
    void differentDataGivesDifferentHash() {
        assertThat(EvidenceHashing.sha256(Map.of("meets", true))).isNotEqualTo(EvidenceHashing.sha256(Map.of("meets", false)));
    }

    @Test
    void emptyDataHashesTheEmptyObject() {
        // SHA-256 of "{}"
        assertThat(EvidenceHashing.sha256(Map.of())).isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    }
}
