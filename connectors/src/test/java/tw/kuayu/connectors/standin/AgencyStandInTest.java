package tw.kuayu.connectors.standin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tw.kuayu.connectors.ConnectorException;
import tw.kuayu.connectors.EvidenceRecord;
import tw.kuayu.connectors.StandInFixture;
import tw.kuayu.connectors.household.HouseholdConnector;

class AgencyStandInTest extends StandInFixture {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(standIn.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void adminApiInjectsAndHealsFaultsAndCountsRequests() throws Exception {
        HouseholdConnector connector = new HouseholdConnector(settings());

        assertThat(call("PUT", "/_admin/faults/household", "{\"mode\":\"ERROR_500\"}").statusCode()).isEqualTo(200);
        assertThat(json.readTree(call("GET", "/_admin/faults", null).body()).path("household").path("mode").asText()).isEqualTo("ERROR_500");
        try {
            connector.fetch(probe("household", ELIGIBLE));
            throw new AssertionError("expected failure");
        } catch (ConnectorException e) {
            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNAVAILABLE);
        }

        assertThat(call("DELETE", "/_admin/faults/household", null).statusCode()).isEqualTo(200);
        assertThat(connector.fetch(probe("household", ELIGIBLE)).found()).isTrue();

        JsonNode stats = json.readTree(call("GET", "/_admin/stats", null).body());
        assertThat(stats.path("household").asLong()).isEqualTo(2);
        assertThat(stats.path("land").asLong()).isZero();

        assertThat(call("PUT", "/_admin/faults/household", "{\"mode\":\"EXPLODE\"}").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/_admin/faults/vehicles", "{\"mode\":\"DOWN\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void landSpeaksXmlWithRocDates() throws Exception {
        HttpResponse<String> response = call("GET", "/land/LandQuery?owner=" + ELIGIBLE, null);

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/xml"));
        assertThat(response.body()).contains("<ParcelNo>大安區龍泉段二小段0123-0000地號</ParcelNo>")
                .contains("<RegDate>1010801</RegDate>").contains("<Rented>N</Rented>").doesNotContain(ELIGIBLE);
    }

    @Test
    void householdNeverSendsMemberIdsInClear() throws Exception {
        String body = call("GET", "/household/api/v2/persons/" + ELIGIBLE, null).body();

        assertThat(body).contains("王大同").doesNotContain("A187654323").doesNotContain("A234567124");
    }

    @Test
    void generatedPopulationIsDeterministicAndOffByDefault() throws Exception {
        HouseholdConnector connector = new HouseholdConnector(settings());
        String generated = "F131104093";
        assertThat(connector.fetch(probe("household", generated)).found()).isFalse();

        assertThat(call("PUT", "/_admin/population", "{\"enabled\":true,\"seed\":7}").statusCode()).isEqualTo(200);
        try {
            EvidenceRecord first = connector.fetch(request(HouseholdConnector.RECORD_TYPE, generated, "name", "registeredAddress", "members"));
            EvidenceRecord second = connector.fetch(request(HouseholdConnector.RECORD_TYPE, generated, "name", "registeredAddress", "members"));
            assertThat(first.found()).isTrue();
            assertThat(first.data()).isEqualTo(second.data());
            assertThat(first.sha256()).isEqualTo(second.sha256());
            assertThat((String) first.data().get("registeredAddress")).startsWith("臺北市");
            // the demo applicants keep their published records
            assertThat(connector.fetch(probe("household", ELIGIBLE)).data()).containsEntry("registeredAddress", "臺北市大安區和平東路二段106號5樓");
            // every source answers for a generated person
            for (String source : PROBE.keySet()) {
                assertThat(connector(source, settings()).fetch(probe(source, generated)).source()).isEqualTo(source);
            }
        } finally {
            standIn.population(false);
        }
    }
}
