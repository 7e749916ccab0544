package tw.kuayu.processes.checks;

import java.nio.charset.StandardCharsets;

/** A small valid model (user task, service task, call activity) that each test breaks in one place. */
final class SmallModel {

    static final String XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                              xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                              id="small-definitions" targetNamespace="https://kuayu.tw/processes">
              <bpmn:process id="small" name="小流程" isExecutable="true" camunda:historyTimeToLive="P3650D">
                <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
                <bpmn:userTask id="review" name="審查" camunda:candidateGroups="${ownerAgency}" camunda:formRef="land-tax-review" camunda:formRefBinding="latest">
                  <bpmn:extensionElements>
                    <camunda:properties>
                      <camunda:property name="kuayu.actions" value="approve,reject" />
                      <!--PROPS-->
                    </camunda:properties>
                    <!--LISTENERS-->
                  </bpmn:extensionElements>
                  <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
                </bpmn:userTask>
                <bpmn:serviceTask id="issue" name="製發處分書" camunda:delegateExpression="${issueDecision}">
                  <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
                </bpmn:serviceTask>
                <bpmn:callActivity id="sign" name="會銜" calledElement="co-signing">
                  <bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing>
                </bpmn:callActivity>
                <!--MORE-->
                <bpmn:endEvent id="end"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
                <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="issue" />
                <bpmn:sequenceFlow id="f3" sourceRef="issue" targetRef="sign" />
                <bpmn:sequenceFlow id="f4" sourceRef="sign" targetRef="end" />
              </bpmn:process>
            </bpmn:definitions>
            """;

    private SmallModel() {
    }

    static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
