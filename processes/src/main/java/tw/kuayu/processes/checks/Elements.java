package tw.kuayu.processes.checks;

import java.util.Optional;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/** Small helpers over model elements. */
final class Elements {

    private Elements() {
    }

    /** A {@code camunda:property} of the element's extension elements, if set and not blank. */
    static Optional<String> property(BaseElement element, String name) {
        if (element.getExtensionElements() == null) {
            return Optional.empty();
        }
        return element.getExtensionElements().getElementsQuery().filterByType(CamundaProperties.class).list().stream()
                .flatMap(p -> p.getCamundaProperties().stream())
                .filter(p -> name.equals(p.getCamundaName()))
                .map(CamundaProperty::getCamundaValue)
                .filter(v -> v != null && !v.isBlank())
                .map(String::trim)
                .findFirst();
    }

    static Problem problem(BaseElement element, String code, String message) {
        String name = element instanceof FlowElement flow ? flow.getName() : element.getAttributeValue("name");
        return new Problem(element.getId(), name, code, message);
    }

    /** The nearest enclosing element with an id (for listeners, parameters and other unnamed children). */
    static BaseElement owner(ModelElementInstance element) {
        ModelElementInstance current = element;
        while (current != null && !(current instanceof BaseElement base && base.getId() != null)) {
            current = current.getParentElement();
        }
        return (BaseElement) current;
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
