package tw.kuayu.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

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
 * it against each call's variables; a text that does not parse fails on every call, as before. The
 * built-in functions are built once (decision 038) and still read the clock at each call.
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

    @Test
    void builtInFunctionsKeptFromOneEvaluationToTheNextStillReadTheClockAtEachCall() {
        assertThat(feel.keepsBuiltInFunctions()).as("feel-scala's validate and eval steps were found").isTrue();
        String key = deploy("n", "< 3", ">= 3", "string(now())");
        String first = evaluate(key, 0);
        assertThat(first).startsWith(String.valueOf(java.time.Year.now().getValue()));
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5)).until(() -> !evaluate(key, 0).equals(first));
        assertThat(evaluate(key, 5)).as("and the other built-ins, here string()").isEqualTo("large");
    }

    @Test
    void anExpressionThatFailsWhenEvaluatedIsReportedAsTheEngineReportsIt() {
        String key = deploy("assert(n, n < 3, \"戶內人口過多\")", "< 3", ">= 3");
        assertThat(evaluate(key, 1)).isEqualTo("small");
        assertThatThrownBy(() -> evaluate(key, 5)).rootCause()
                .hasMessageContaining("Assertion failure on evaluate the expression 'assert(n, n < 3, \"戶內人口過多\")': 戶內人口過多");
    }

    private String evaluate(String key, int n) {
        DmnDecisionResult result = decisions.evaluateDecisionByKey(key)
                .variables(Map.of("household", Map.of("members", java.util.List.of("甲", "乙")), "n", n)).evaluate();
        return result.getSingleEntry();
    }

    /** A one-input FIRST table: rule 1 answers "small", rule 2 "large"; unique key and texts per call. */
    private String deploy(String inputExpression, String small, String large) {
        return deploy(inputExpression, small, large, "\"small\"");
    }

    /** The same, with rule 1's output entry given. */
    private String deploy(String inputExpression, String small, String large, String smallOutput) {
        String key = "feel-cache-" + UUID.randomUUID().toString().substring(0, 8);
        String unique = " + 0 * " + Math.abs(key.hashCode()); // texts no other test has parsed
        String input = inputExpression.endsWith("+") || inputExpression.startsWith("assert") ? inputExpression : inputExpression + unique;
        String dmn = """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d-%1$s" name="feel cache"
                             xmlns:camunda="http://camunda.org/schema/1.0/dmn" namespace="https://kuayu.tw/test">
                  <decision id="%1$s" name="feel cache" camunda:historyTimeToLive="P1D">
                    <decisionTable id="t-%1$s" hitPolicy="FIRST">
                      <input id="i-%1$s"><inputExpression id="ie-%1$s" typeRef="number"><text>%2$s</text></inputExpression></input>
                      <output id="o-%1$s" name="size" typeRef="string"/>
                      <rule id="r1-%1$s"><inputEntry id="e1-%1$s"><text>%3$s</text></inputEntry>
                        <outputEntry id="oe1-%1$s"><text>%5$s</text></outputEntry></rule>
                      <rule id="r2-%1$s"><inputEntry id="e2-%1$s"><text>%4$s</text></inputEntry>
                        <outputEntry id="oe2-%1$s"><text>"large"</text></outputEntry></rule>
                    </decisionTable>
                  </decision>
                </definitions>
                """.formatted(key, input.replace("<", "&lt;"), small.replace("<", "&lt;"), large.replace("<", "&lt;"), smallOutput);
        repository.createDeployment().name(key).addString(key + ".dmn", dmn).deploy();
        return key;
    }
}
