package tw.kuayu.processes.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static tw.kuayu.processes.checks.SmallModel.XML;
import static tw.kuayu.processes.checks.SmallModel.bytes;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each check with a small model that breaks it: the problem names the element and says what is wrong. */
class ModelChecksTest {

    static final CheckContext CONTEXT = CheckContext.of(Set.of("tpe-tax", "tpe-social"), Set.of("land-tax-review"),
            Set.of("household", "land"), Set.of("co-signing", "joint-review"), Set.of(), false);

    static List<Problem> check(String xml) {
        return ModelChecks.check(bytes(xml), CONTEXT);
    }

    static List<Problem> check(String xml, CheckContext context) {
        return ModelChecks.check(bytes(xml), context);
    }

    @Test
    void theSmallModelPasses() {
        assertThat(check(XML)).isEmpty();
    }

    @Test
    void aDoctypeWithAnExternalEntityIsRefusedWithoutFetchingIt(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        AtomicInteger fetched = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            fetched.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/xxe";
            String xxe = XML.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <!DOCTYPE bpmn:definitions [
                      <!ENTITY secret SYSTEM "%s">
                      <!ENTITY remote SYSTEM "%s">
                    ]>
                    """.formatted(secret.toUri(), url)).replace("name=\"審查\"", "name=\"&secret;&remote;\"");
            List<Problem> problems = check(xxe);
            assertThat(problems).singleElement().satisfies(p -> {
                assertThat(p.elementId()).isEqualTo(Problem.FILE);
                assertThat(p.code()).isEqualTo(SafeXml.DOCTYPE);
                assertThat(p.message()).contains("DOCTYPE").doesNotContain("TOP-SECRET");
            });
            assertThat(fetched).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void malformedXmlIsRefused() {
        assertThat(check(XML.replace("</bpmn:definitions>", ""))).singleElement()
                .satisfies(p -> assertThat(p.code()).isEqualTo(SafeXml.MALFORMED));
    }

    @Test
    void aFileThatIsNotBpmnIsRefused() {
        assertThat(check("<?xml version=\"1.0\"?><note>hi</note>")).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ModelChecks.UNPARSABLE);
            assertThat(p.message()).startsWith("模型無法解析");
        });
    }

    @Test
    void aModelWithoutAnExecutableProcessIsRefused() {
        assertThat(check(XML.replace("isExecutable=\"true\"", "isExecutable=\"false\""))).singleElement().satisfies(p -> {
            assertThat(p.elementId()).isEqualTo(Problem.FILE);
            assertThat(p.message()).contains("沒有可執行的流程");
        });
    }

    @Test
    void anExecutableProcessNeedsHistoryTimeToLive() {
        assertThat(check(XML.replace(" camunda:historyTimeToLive=\"P3650D\"", ""))).singleElement().satisfies(p -> {
            assertThat(p.elementId()).isEqualTo("small");
            assertThat(p.elementName()).isEqualTo("小流程");
            assertThat(p.message()).contains("camunda:historyTimeToLive");
        });
    }

    @Test
    void aUserTaskNeedsACandidateGroup() {
        assertThat(check(XML.replace(" camunda:candidateGroups=\"${ownerAgency}\"", ""))).singleElement()
                .satisfies(p -> assertProblem(p, "review", CandidateGroupCheck.CODE, "未指定承辦機關"));
    }

    @Test
    void aCandidateGroupMustBeAKnownAgencyOrRole() {
        assertThat(check(XML.replace("${ownerAgency}", "tpe-nowhere.approver"))).singleElement()
                .satisfies(p -> assertProblem(p, "review", CandidateGroupCheck.CODE, "承辦群組「tpe-nowhere.approver」不是已登錄的機關"));
        assertThat(check(XML.replace("${ownerAgency}", "tpe-tax.approver"))).isEmpty();
        assertThat(check(XML.replace("${ownerAgency}", "tpe-tax, tpe-social.approver"))).isEmpty();
    }

    @Test
    void aCandidateGroupExpressionMustBeOneOfTheContract() {
        assertThat(check(XML.replace("${ownerAgency}", "${someoneElse}"))).singleElement()
                .satisfies(p -> assertProblem(p, "review", CandidateGroupCheck.CODE, "承辦群組運算式「${someoneElse}」不在流程契約中"));
        assertThat(check(XML.replace("${ownerAgency}", "${reviewAgency}.approver"))).isEmpty();
    }

    @Test
    void aUserTaskNeedsAFormThatExists() {
        assertThat(check(XML.replace("camunda:formRef=\"land-tax-review\"", "camunda:formRef=\"no-such-form\""))).singleElement()
                .satisfies(p -> assertProblem(p, "review", FormCheck.CODE, "表單「no-such-form」不存在"));
        assertThat(check(XML.replace(" camunda:formRef=\"land-tax-review\" camunda:formRefBinding=\"latest\"", ""))).singleElement()
                .satisfies(p -> assertProblem(p, "review", FormCheck.CODE, "未指定表單"));
    }

    @Test
    void aUserTaskNeedsActions() {
        assertThat(check(XML.replace("<camunda:property name=\"kuayu.actions\" value=\"approve,reject\" />", ""))).singleElement()
                .satisfies(p -> assertProblem(p, "review", ActionsCheck.CODE, "kuayu.actions"));
    }

    @Test
    void slaTargetsAreCheckedOnlyWhenRequired() {
        CheckContext required = CheckContext.of(CONTEXT.agencies(), CONTEXT.forms(), CONTEXT.connectorSources(),
                CONTEXT.processKeys(), Set.of(), true);
        assertThat(check(XML)).isEmpty();
        assertThat(check(XML, required)).singleElement()
                .satisfies(p -> assertProblem(p, "review", SlaTargetCheck.CODE, "kuayu.targetWorkingDays"));
        assertThat(check(XML.replace("<!--PROPS-->", "<camunda:property name=\"kuayu.targetWorkingDays\" value=\"soon\" />"), required))
                .singleElement().satisfies(p -> assertProblem(p, "review", SlaTargetCheck.CODE, "應為正整數"));
        assertThat(check(XML.replace("<!--PROPS-->", "<camunda:property name=\"kuayu.targetWorkingDays\" value=\"5\" />"), required))
                .isEmpty();
    }

    @Test
    void aScriptTaskIsRefusedUnlessItsLanguageIsAllowed() {
        String script = XML.replace("<!--MORE-->", """
                <bpmn:scriptTask id="calc" name="計算" scriptFormat="groovy"><bpmn:script>1 + 1</bpmn:script></bpmn:scriptTask>""");
        assertThat(check(script)).singleElement()
                .satisfies(p -> assertProblem(p, "calc", ScriptCheck.CODE, "不允許內嵌腳本任務（語言「groovy」"));
        CheckContext groovy = CheckContext.of(CONTEXT.agencies(), CONTEXT.forms(), CONTEXT.connectorSources(),
                CONTEXT.processKeys(), Set.of("groovy"), false);
        assertThat(check(script, groovy)).isEmpty();
    }

    @Test
    void aScriptListenerIsRefused() {
        String listener = XML.replace("<!--LISTENERS-->", """
                <camunda:taskListener event="create"><camunda:script scriptFormat="javascript">task.setVariable('x', 1)</camunda:script></camunda:taskListener>""");
        assertThat(check(listener)).singleElement()
                .satisfies(p -> assertProblem(p, "review", ScriptCheck.CODE, "語言「javascript」"));
    }

    @Test
    void aScriptConditionIsRefused() {
        String condition = XML.replace("<bpmn:sequenceFlow id=\"f2\" sourceRef=\"review\" targetRef=\"issue\" />", """
                <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="issue"><bpmn:conditionExpression xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="bpmn:tFormalExpression" language="groovy">true</bpmn:conditionExpression></bpmn:sequenceFlow>""");
        assertThat(check(condition)).singleElement()
                .satisfies(p -> assertProblem(p, "f2", ScriptCheck.CODE, "腳本條件"));
    }

    @Test
    void aServiceTaskCallsOnlyTheContractsBeans() {
        assertThat(check(XML.replace("${issueDecision}", "${runtimeService}"))).singleElement()
                .satisfies(p -> assertProblem(p, "issue", ServiceTaskCheck.CODE, "「${runtimeService}」不是流程契約中的服務"));
        assertThat(check(XML.replace("camunda:delegateExpression=\"${issueDecision}\"", "camunda:class=\"com.example.Evil\""))).singleElement()
                .satisfies(p -> assertProblem(p, "issue", ServiceTaskCheck.CODE, "不可指定 Java 類別"));
        assertThat(check(XML.replace("camunda:delegateExpression=\"${issueDecision}\"",
                "camunda:expression=\"${execution.processEngine.runtimeService}\""))).singleElement()
                .satisfies(p -> assertProblem(p, "issue", ServiceTaskCheck.CODE, "不可以 camunda:expression 呼叫程式"));
        assertThat(check(XML.replace(" camunda:delegateExpression=\"${issueDecision}\"", ""))).singleElement()
                .satisfies(p -> assertProblem(p, "issue", ServiceTaskCheck.CODE, "未指定要執行的服務"));
    }

    @Test
    void aListenerMayNotNameAJavaClass() {
        String listener = XML.replace("<!--LISTENERS-->", "<camunda:taskListener event=\"create\" class=\"com.example.Evil\" />");
        assertThat(check(listener)).singleElement()
                .satisfies(p -> assertProblem(p, "review", ServiceTaskCheck.LISTENER_CODE, "監聽器不可指定 Java 類別"));
    }

    @Test
    void aConnectorStepNamesAKnownSourceAndAPurpose() {
        String connector = XML.replace("<bpmn:serviceTask id=\"issue\" name=\"製發處分書\" camunda:delegateExpression=\"${issueDecision}\">", """
                <bpmn:serviceTask id="issue" name="調閱" camunda:delegateExpression="${fetchEvidence}">
                  <bpmn:extensionElements><camunda:properties>
                    <camunda:property name="kuayu.source" value="cadastre" />
                  </camunda:properties></bpmn:extensionElements>""");
        List<Problem> problems = check(connector);
        assertThat(problems).hasSize(2).allSatisfy(p -> assertThat(p.elementId()).isEqualTo("issue"));
        assertThat(problems.get(0).message()).contains("資料來源「cadastre」不存在");
        assertThat(problems.get(1).message()).contains("kuayu.purpose");
        String fixed = connector.replace("value=\"cadastre\" />", "value=\"land\" /><camunda:property name=\"kuayu.purpose\" value=\"審查土地所有權\" />");
        assertThat(check(fixed)).isEmpty();
    }

    @Test
    void aCallActivityCallsAKnownProcess() {
        assertThat(check(XML.replace("calledElement=\"co-signing\"", "calledElement=\"co-signing-v2\""))).singleElement()
                .satisfies(p -> assertProblem(p, "sign", CallActivityCheck.CODE, "呼叫的流程「co-signing-v2」不存在"));
        assertThat(check(XML.replace("calledElement=\"co-signing\"", "calledElement=\"${pattern}\""))).singleElement()
                .satisfies(p -> assertProblem(p, "sign", CallActivityCheck.CODE, "不可以運算式指定"));
        assertThat(check(XML.replace("calledElement=\"co-signing\"", "calledElement=\"small\""))).as("a process of the same file").isEmpty();
    }

    @Test
    void everyProblemIsListedNotJustTheFirst() {
        String many = XML.replace("${ownerAgency}", "tpe-nowhere").replace("land-tax-review", "nope")
                .replace("${issueDecision}", "${evil}");
        assertThat(check(many)).extracting(Problem::code)
                .containsExactly(CandidateGroupCheck.CODE, FormCheck.CODE, ServiceTaskCheck.CODE);
        assertThat(check(many).get(0).toString()).isEqualTo("review: 承辦群組「tpe-nowhere」不是已登錄的機關（kuayu.agencies）。");
    }

    private static void assertProblem(Problem problem, String elementId, String code, String messagePart) {
        assertThat(problem.elementId()).isEqualTo(elementId);
        assertThat(problem.code()).isEqualTo(code);
        assertThat(problem.message()).contains(messagePart);
    }
}
