package tw.kuayu.processes.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.impl.BpmnModelConstants;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.SendTask;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.ThrowEvent;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaConnector;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * Automatic steps run only the contract's beans: {@code camunda:delegateExpression="${bean}"}. A Java
 * class, an arbitrary method expression, an external task or a Camunda Connect connector would run code
 * outside the contract; so would a listener naming a Java class.
 */
final class ServiceTaskCheck implements Check {

    static final String CODE = "service-task.delegate";
    static final String LISTENER_CODE = "listener.class";

    private static final Pattern BEAN = Pattern.compile("\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}");

    @Override
    public void check(BpmnModelInstance model, CheckContext context, List<Problem> problems) {
        List<BaseElement> steps = new ArrayList<>();
        steps.addAll(model.getModelElementsByType(ServiceTask.class));
        steps.addAll(model.getModelElementsByType(SendTask.class));
        model.getModelElementsByType(BusinessRuleTask.class).stream()
                .filter(t -> Elements.blank(t.getCamundaDecisionRef())).forEach(steps::add);
        for (BaseElement step : steps) {
            checkStep(step, step, problems);
        }
        for (MessageEventDefinition message : model.getModelElementsByType(MessageEventDefinition.class)) {
            if (message.getParentElement() instanceof ThrowEvent event && hasImplementation(message)) {
                checkStep(event, message, problems);
            }
        }
        for (CamundaExecutionListener listener : model.getModelElementsByType(CamundaExecutionListener.class)) {
            checkListener(listener, listener.getCamundaClass(), problems);
        }
        for (CamundaTaskListener listener : model.getModelElementsByType(CamundaTaskListener.class)) {
            checkListener(listener, listener.getCamundaClass(), problems);
        }
    }

    private static void checkStep(BaseElement step, ModelElementInstance holder, List<Problem> problems) {
        String javaClass = camunda(holder, "class");
        String expression = camunda(holder, "expression");
        String type = camunda(holder, "type");
        String delegate = camunda(holder, "delegateExpression");
        if (!Elements.blank(javaClass)) {
            problems.add(Elements.problem(step, CODE, "自動作業不可指定 Java 類別（camunda:class=\"" + javaClass + "\"）；" + use()));
        }
        if (!Elements.blank(expression)) {
            problems.add(Elements.problem(step, CODE, "自動作業不可以 camunda:expression 呼叫程式（" + expression + "）；" + use()));
        }
        if (!Elements.blank(type)) {
            problems.add(Elements.problem(step, CODE, "不支援外部任務或其他實作類型（camunda:type=\"" + type + "\"）；" + use()));
        }
        if (step.getExtensionElements() != null
                && !step.getExtensionElements().getElementsQuery().filterByType(CamundaConnector.class).list().isEmpty()) {
            problems.add(Elements.problem(step, CODE, "不支援 Camunda Connect 連接器；機關資料請經由 ${fetchEvidence} 調閱。"));
        }
        if (!Elements.blank(delegate)) {
            Matcher bean = BEAN.matcher(delegate.trim());
            if (!bean.matches() || !Contract.BEANS.contains(bean.group(1))) {
                problems.add(Elements.problem(step, CODE, "「" + delegate.trim() + "」不是流程契約中的服務；" + use()));
            }
        } else if (Elements.blank(javaClass) && Elements.blank(expression) && Elements.blank(type)) {
            problems.add(Elements.problem(step, CODE, "自動作業未指定要執行的服務；" + use()));
        }
    }

    private static void checkListener(ModelElementInstance listener, String javaClass, List<Problem> problems) {
        if (!Elements.blank(javaClass)) {
            problems.add(Elements.problem(Elements.owner(listener), LISTENER_CODE,
                    "監聽器不可指定 Java 類別（camunda:class=\"" + javaClass + "\"）；請使用流程契約中的運算式。"));
        }
    }

    private static boolean hasImplementation(ModelElementInstance holder) {
        return !Elements.blank(camunda(holder, "class")) || !Elements.blank(camunda(holder, "expression"))
                || !Elements.blank(camunda(holder, "delegateExpression")) || !Elements.blank(camunda(holder, "type"));
    }

    private static String camunda(ModelElementInstance element, String attribute) {
        return element.getAttributeValueNs(BpmnModelConstants.CAMUNDA_NS, attribute);
    }

    private static String use() {
        return "請以 camunda:delegateExpression 指定流程契約中的服務：" + String.join("、", Contract.BEANS.stream().sorted().map(b -> "${" + b + "}").toList()) + "。";
    }
}
