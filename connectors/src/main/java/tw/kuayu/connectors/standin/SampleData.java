package tw.kuayu.connectors.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The stand-in's records, from the zh-TW JSON resources under {@code standin/}, in each source's
 * own shape; optionally extended by a generated {@link Population}.
 */
final class SampleData {

    private final JsonNode household;
    private final JsonNode land;
    private final JsonNode tax;
    private final JsonNode business;
    private final JsonNode welfare;
    private volatile Population population;

    SampleData(ObjectMapper json) {
        household = load(json, "household.json");
        land = load(json, "land.json");
        tax = load(json, "tax.json");
        business = load(json, "business.json");
        welfare = load(json, "welfare.json");
    }

    private static JsonNode load(ObjectMapper json, String name) {
        String path = "/standin/" + name;
        try (InputStream in = SampleData.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing stand-in resource " + path);
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stand-in resource " + path, e);
        }
    }

    void population(Population population) {
        this.population = population;
    }

    Population population() {
        return population;
    }

    /** Whether the ID is one of the published demo records (served even with a wrong check digit). */
    boolean isSample(String id) {
        return household.path("persons").has(id) || land.path("owners").has(id) || tax.path("taxpayers").has(id)
                || business.path("owners").has(id) || welfare.path("persons").has(id);
    }

    Optional<JsonNode> household(String id) {
        return lookup(household.path("persons"), id, "household");
    }

    Optional<JsonNode> land(String id) {
        return lookup(land.path("owners"), id, "land");
    }

    Optional<JsonNode> taxpayer(String id) {
        return lookup(tax.path("taxpayers"), id, "tax");
    }

    JsonNode taxThresholds(String question) {
        return tax.path("defaultThresholds").path(question);
    }

    Optional<JsonNode> business(String id) {
        return lookup(business.path("owners"), id, "business");
    }

    Optional<JsonNode> welfare(String id) {
        return lookup(welfare.path("persons"), id, "welfare");
    }

    private Optional<JsonNode> lookup(JsonNode table, String id, String source) {
        JsonNode node = table.get(id);
        if (node != null) {
            return Optional.of(node);
        }
        Population generated = population;
        if (generated == null || isSample(id)) {
            return Optional.empty();
        }
        return generated.record(source, id);
    }
}
