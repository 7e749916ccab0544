package tw.kuayu.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * DMN evaluation through the engine parses each FEEL text once (decision 035) and still evaluates
 * it against each call's variables; a text that does not parse fails on every call, as before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class ParsedFeelExpressionsTest {

    @Autowired
    ParsedFeelExpressions feel;
    @Autowired
    RepositoryService repository;
    @Autowired
    DecisionService decisions;

    @Test
    void eachExpressionIsParsedOnceAndEvaluatedAgainstEachCallsVariables() {
        String key = deploy("count(household.members) + n", "< 3", ">= 3");

        long before = feel.parses();
        assertThat(evaluate(key, 0)).isEqualTo("small");
        assertThat(feel.parses()).as("the table's new input expression went through the caching engine").isGreaterThan(before);
        assertThat(evaluate(key, 5)).isEqualTo("large");
        long everyTextSeen = feel.parses();

        for (int i = 0; i < 20; i++) {
            assertThat(evaluate(key, i % 4)).as("evaluated against this call's variables").isEqualTo(i % 4 < 1 ? "small" : "large");
        }
        assertThat(feel.parses()).as("no text parsed again").isEqualTo(everyTextSeen);
    }

    @Test
    void aTextThatDoesNotParseFailsOnEveryCall() {
        String key = deploy("count(household.members +", "< 3", ">= 3");
        long before = feel.parses();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> evaluate(key, 0)).rootCause().hasMessageContaining("failed to parse expression");
        }
        assertThat(feel.parses() - before).as("not kept: parsed (and refused) each time").isEqualTo(2);
    }

    private String evaluate(String key, int n) {
        DmnDecisionResult result = decisions.evaluateDecisionByKey(key)
                .variables(Map.of("household", Map.of("members", java.util.List.of("甲", "乙")), "n", n)).evaluate();
        return result.getSingleEntry();
    }

    /** A one-input FIRST table: rule 1 answers "small", rule 2 "large"; unique key and texts per call. */
    private String deploy(String inputExpression, String small, String large) {
        String key = "feel-cache-" + UUID.randomUUID().toString().substring(0, 8);
        String unique = " + 0 * " + Math.abs(key.hashCode()); // texts no other test has parsed
        String input = inputExpression.endsWith("+") ? inputExpression : inputExpression + unique;
        String dmn = """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d-%1$s" name="feel cache"
                             xmlns:camunda="http://camunda.org/schema/1.0/dmn" namespace="https://kuayu.tw/test">
                  <decision id="%1$s" name="feel cache" camunda:historyTimeToLive="P1D">
                    <decisionTable id="t-%1$s" hitPolicy="FIRST">
                      <input id="i-%1$s"><inputExpression id="ie-%1$s" typeRef="number"><text>%2$s</text></inputExpression></input>
                      <output id="o-%1$s" name="size" typeRef="string"/>
                      <rule id="r1-%1$s"><inputEntry id="e1-%1$s"><text>%3$s</text></inputEntry>
                        <outputEntry id="oe1-%1$s"><text>"small"</text></outputEntry></rule>
                      <rule id="r2-%1$s"><inputEntry id="e2-%1$s"><text>%4$s</text></inputEntry>
                        <outputEntry id="oe2-%1$s"><text>"large"</text></outputEntry></rule>
                    </decisionTable>
                  </decision>
                </definitions>
                """.formatted(key, input.replace("<", "&lt;"), small.replace("<", "&lt;"), large.replace("<", "&lt;"));
        repository.createDeployment().name(key).addString(key + ".dmn", dmn).deploy();
        return key;
    }
}
