package tw.kuayu.processes;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;

/**
 * Evaluates an eligibility table the way the engine-app's {@code assessEligibility} feeds it: each record's data under
 * its source and its record type (lowerCamelCase), an empty map for a record that was not found.
 */
final class Eligibility {

    private static final DmnEngine DMN = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    private static final Map<String, String> SOURCE = Map.of(
            "householdRegistration", "household", "landOwnership", "land", "incomeBelowThreshold", "tax",
            "propertyBelowThreshold", "tax", "businessRegistration", "business", "lowIncomeStatus", "welfare",
            "disabilityStatus", "welfare");

    private final DmnDecision decision;

    Eligibility(String id) throws Exception {
        try (InputStream in = Eligibility.class.getResourceAsStream("/processes/" + id + ".dmn")) {
            decision = DMN.parseDecision(id, in);
        }
    }

    /** {@code records}: record type → data. */
    DmnDecisionRuleResult evaluate(Map<String, Map<String, Object>> records) {
        Map<String, Object> vars = new HashMap<>();
        SOURCE.forEach((recordType, source) -> {
            vars.putIfAbsent(recordType, Map.of());
            vars.putIfAbsent(source, Map.of());
        });
        records.forEach((recordType, data) -> {
            vars.put(recordType, data);
            vars.put(SOURCE.get(recordType), data);
        });
        return DMN.evaluateDecisionTable(decision, vars).getSingleResult();
    }
}
