package tw.kuayu.studio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ConditionalEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Documentation;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EventDefinition;
import org.camunda.bpm.model.bpmn.instance.CatchEvent;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.SignalEventDefinition;
import org.camunda.bpm.model.bpmn.instance.ThrowEvent;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOut;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOutputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.camunda.bpm.model.xml.instance.DomElement;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.bpm.model.xml.type.ModelElementType;
import org.camunda.bpm.model.xml.type.attribute.Attribute;

/**
 * What changed between two models, element by element (matched by id): added, removed, and changed elements
 * with each changed setting — BPMN and Camunda attributes ({@code camunda:candidateGroups}, {@code camunda:formRef},
 * …), extension properties ({@code property:kuayu.actions}), timers ({@code timer.timeDate}), conditions, call
 * mappings ({@code in:reviewAgencies}), input parameters, listeners and multi-instance settings. The diagram
 * (positions) is not compared.
 */
final class ModelDiff {

    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

    record Element(String id, String type, String name) {
    }

    record Change(String attribute, String from, String to) {
    }

    record ChangedElement(String id, String type, String name, List<Change> changes) {
    }

    record Result(List<Element> added, List<Element> removed, List<ChangedElement> changed) {
    }

    private ModelDiff() {
    }

    static Result between(BpmnModelInstance from, BpmnModelInstance to) {
        Map<String, BaseElement> before = elements(from);
        Map<String, BaseElement> after = elements(to);
        List<Element> added = new ArrayList<>();
        List<Element> removed = new ArrayList<>();
        List<ChangedElement> changed = new ArrayList<>();
        before.forEach((id, old) -> {
            BaseElement now = after.get(id);
            if (now == null) {
                removed.add(describe(old));
                return;
            }
            List<Change> changes = changes(facts(old), facts(now));
            if (!changes.isEmpty()) {
                Element e = describe(now);
                changed.add(new ChangedElement(e.id(), e.type(), e.name(), changes));
            }
        });
        after.forEach((id, now) -> {
            if (!before.containsKey(id)) {
                added.add(describe(now));
            }
        });
        return new Result(added, removed, changed);
    }

    private static Map<String, BaseElement> elements(BpmnModelInstance model) {
        Map<String, BaseElement> byId = new LinkedHashMap<>();
        model.getModelElementsByType(Process.class).forEach(p -> byId.put(p.getId(), p));
        model.getModelElementsByType(FlowElement.class).forEach(e -> byId.put(e.getId(), e));
        return byId;
    }

    private static Element describe(BaseElement element) {
        return new Element(element.getId(), element.getElementType().getTypeName(), element.getAttributeValue("name"));
    }

    private static List<Change> changes(Map<String, String> before, Map<String, String> after) {
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        List<Change> changes = new ArrayList<>();
        for (String name : names) {
            String old = before.get(name);
            String now = after.get(name);
            if (!Objects.equals(old, now)) {
                changes.add(new Change(name, old, now));
            }
        }
        return changes;
    }

    /** Every setting of an element that affects how it runs, as name → value. */
    static Map<String, String> facts(BaseElement element) {
        Map<String, String> facts = new LinkedHashMap<>();
        attributes(element, "", facts);
        facts.put("type", element.getElementType().getTypeName());
        String docs = element.getDocumentations().stream().map(Documentation::getTextContent).map(String::strip)
                .collect(Collectors.joining("\n"));
        if (!docs.isEmpty()) {
            facts.put("documentation", docs);
        }
        if (element.getExtensionElements() != null) {
            for (ModelElementInstance ext : element.getExtensionElements().getElements()) {
                extension(ext, facts);
            }
        }
        if (element instanceof SequenceFlow flow && flow.getConditionExpression() != null) {
            facts.put("condition", text(flow.getConditionExpression().getDomElement()));
        }
        if (element instanceof CatchEvent event) {
            event.getEventDefinitions().forEach(d -> eventDefinition(d, facts));
        }
        if (element instanceof ThrowEvent event) {
            event.getEventDefinitions().forEach(d -> eventDefinition(d, facts));
        }
        if (element instanceof Activity activity && activity.getLoopCharacteristics() instanceof MultiInstanceLoopCharacteristics mi) {
            attributes(mi, "multiInstance.", facts);
            if (mi.getLoopCardinality() != null) {
                facts.put("multiInstance.loopCardinality", text(mi.getLoopCardinality().getDomElement()));
            }
            if (mi.getCompletionCondition() != null) {
                facts.put("multiInstance.completionCondition", text(mi.getCompletionCondition().getDomElement()));
            }
        }
        return facts;
    }

    private static void attributes(ModelElementInstance element, String prefix, Map<String, String> facts) {
        for (ModelElementType type = element.getElementType(); type != null; type = type.getBaseType()) {
            for (Attribute<?> attribute : type.getAttributes()) {
                if (attribute.getAttributeName().equals("id") && attribute.getNamespaceUri() == null) {
                    continue;
                }
                String raw = CAMUNDA_NS.equals(attribute.getNamespaceUri())
                        ? element.getAttributeValueNs(CAMUNDA_NS, attribute.getAttributeName())
                        : attribute.getNamespaceUri() == null ? element.getAttributeValue(attribute.getAttributeName()) : null;
                if (raw != null) {
                    String ns = CAMUNDA_NS.equals(attribute.getNamespaceUri()) ? "camunda:" : "";
                    facts.put(prefix + ns + attribute.getAttributeName(), raw);
                }
            }
        }
    }

    private static void extension(ModelElementInstance ext, Map<String, String> facts) {
        if (ext instanceof CamundaProperties properties) {
            for (CamundaProperty p : properties.getCamundaProperties()) {
                put(facts, "property:" + p.getCamundaName(), p.getCamundaValue());
            }
        } else if (ext instanceof CamundaInputOutput io) {
            for (CamundaInputParameter p : io.getCamundaInputParameters()) {
                put(facts, "input:" + p.getCamundaName(), text(p.getDomElement()));
            }
            for (CamundaOutputParameter p : io.getCamundaOutputParameters()) {
                put(facts, "output:" + p.getCamundaName(), text(p.getDomElement()));
            }
        } else if (ext instanceof CamundaIn in) {
            put(facts, "in:" + (in.getCamundaTarget() != null ? in.getCamundaTarget() : in.getCamundaBusinessKey() != null ? "businessKey" : "variables"),
                    first(in.getCamundaSource(), in.getCamundaSourceExpression(), in.getCamundaBusinessKey(), in.getCamundaVariables()));
        } else if (ext instanceof CamundaOut out) {
            put(facts, "out:" + (out.getCamundaTarget() != null ? out.getCamundaTarget() : "variables"),
                    first(out.getCamundaSource(), out.getCamundaSourceExpression(), out.getCamundaVariables()));
        } else if (ext instanceof CamundaExecutionListener l) {
            put(facts, "executionListener:" + l.getCamundaEvent(), first(l.getCamundaExpression(), l.getCamundaDelegateExpression(),
                    l.getCamundaClass(), l.getCamundaScript() == null ? null : "script"));
        } else if (ext instanceof CamundaTaskListener l) {
            put(facts, "taskListener:" + l.getCamundaEvent(), first(l.getCamundaExpression(), l.getCamundaDelegateExpression(),
                    l.getCamundaClass(), l.getCamundaScript() == null ? null : "script"));
        } else {
            DomElement dom = ext.getDomElement();
            String ns = CAMUNDA_NS.equals(dom.getNamespaceURI()) ? "camunda:" : "";
            put(facts, ns + dom.getLocalName(), text(dom));
        }
    }

    private static void eventDefinition(EventDefinition definition, Map<String, String> facts) {
        if (definition instanceof TimerEventDefinition timer) {
            if (timer.getTimeDate() != null) {
                facts.put("timer.timeDate", text(timer.getTimeDate().getDomElement()));
            }
            if (timer.getTimeDuration() != null) {
                facts.put("timer.timeDuration", text(timer.getTimeDuration().getDomElement()));
            }
            if (timer.getTimeCycle() != null) {
                facts.put("timer.timeCycle", text(timer.getTimeCycle().getDomElement()));
            }
        } else if (definition instanceof MessageEventDefinition message) {
            facts.put("message", message.getMessage() == null ? "" : message.getMessage().getName());
        } else if (definition instanceof SignalEventDefinition signal) {
            facts.put("signal", signal.getSignal() == null ? "" : signal.getSignal().getName());
        } else if (definition instanceof ErrorEventDefinition error) {
            facts.put("error", error.getError() == null ? "" : error.getError().getErrorCode());
        } else if (definition instanceof ConditionalEventDefinition conditional && conditional.getCondition() != null) {
            facts.put("condition", text(conditional.getCondition().getDomElement()));
        } else {
            facts.put("eventDefinition", definition.getElementType().getTypeName());
        }
    }

    private static void put(Map<String, String> facts, String key, String value) {
        String k = key;
        for (int i = 2; facts.containsKey(k); i++) {
            k = key + "#" + i;
        }
        facts.put(k, value == null ? "" : value);
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The element's text, or its children's texts joined by commas (e.g. a {@code camunda:list}). */
    private static String text(DomElement dom) {
        List<DomElement> children = dom.getChildElements();
        if (children.isEmpty()) {
            String t = dom.getTextContent();
            return t == null ? "" : t.strip();
        }
        return children.stream().map(ModelDiff::text).collect(Collectors.joining(","));
    }
}
