package tw.kuayu.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.casetype.CatalogProperties.EvidenceSpec;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.connectors.standin.AgencyStandIn;
import tw.kuayu.connectors.standin.Fault;

/**
 * A case's lookups to several sources overlap: with every source of a public-housing case held
 * by the stand-in, each source has received its lookup while none has answered yet (asked one
 * after another, the second source would only be asked once the first answered). When the
 * sources answer, each record is kept once and each lookup logged once, in the chain.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class ConcurrentLookupsTest {

    static final String HOUSING = "public-housing-low-income";

    @LocalServerPort
    int port;
    @Autowired
    AgencyStandIn standIn;
    @Autowired
    Catalog catalog;

    @AfterEach
    void heal() {
        standIn.faults().clearAll();
    }

    @Test
    void aCaseAsksAllItsSourcesAtOnce() {
        List<String> sources = catalog.caseType(HOUSING).orElseThrow().evidence().stream().map(EvidenceSpec::source).distinct().toList();
        assertThat(sources).as("a case type with several sources").hasSizeGreaterThanOrEqualTo(3);
        Map<String, Long> before = new LinkedHashMap<>();
        for (String source : sources) {
            before.put(source, standIn.requestCount(source));
            // held until healed (well within the connectors' read timeout)
            standIn.faults().set(source, Fault.slow(8_000));
        }
        ApiClient api = new ApiClient(port);
        Answer filed = api.postJson("/api/cases", "udd.clerk", Map.of("caseType", HOUSING,
                "applicant", Map.of("nationalId", "A123456789", "name", "王小明"),
                "data", Map.of("housingProject", "興隆公共住宅二區", "unitType", "二房型")));
        assertThat(filed.status()).as(filed.text()).isEqualTo(201);
        String id = filed.json().path("id").asText();

        await("every source asked while all are still held").atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(50))
                .until(() -> sources.stream().allMatch(s -> standIn.requestCount(s) == before.get(s) + 1));
        assertThat(api.get("/api/cases/" + id, "udd.clerk").json().path("evidence")).as("no source has answered yet").isEmpty();

        standIn.faults().clearAll();
        JsonNode view = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/cases/" + id, "udd.clerk").json(), v -> v.path("tasks").size() > 0);
        assertThat(view.path("evidence")).extracting(e -> e.path("source").asText()).containsExactlyInAnyOrderElementsOf(sources);
        JsonNode audit = api.get("/api/audit/data-access?caseId=" + id, "auditor").json();
        assertThat(audit).as("one entry per lookup").hasSize(sources.size());
        assertThat(audit).extracting(e -> e.path("outcome").asText()).containsOnly("found");
        assertThat(sources).allMatch(s -> standIn.requestCount(s) == before.get(s) + 1);
        assertThat(api.get("/api/audit/data-access/verify", "auditor").json().path("valid").asBoolean()).isTrue();
    }
}
