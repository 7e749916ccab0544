package tw.kuayu.processes.checks;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;

/**
 * A step that names an evidence source ({@code kuayu.source}) names a known one, and states the purpose of
 * the lookup ({@code kuayu.purpose}), which the data-access log records.
 */
final class ConnectorCheck implements Check {

    static final String CODE = "connector.source";

    @Override
    public void check(BpmnModelInstance model, CheckContext context, List<Problem> problems) {
        for (Activity activity : model.getModelElementsByType(Activity.class)) {
            Optional<String> source = Elements.property(activity, Contract.SOURCE);
            if (source.isEmpty()) {
                continue;
            }
            if (!context.connectorSources().contains(source.get())) {
                problems.add(Elements.problem(activity, CODE, "資料來源「" + source.get() + "」不存在；可用："
                        + String.join("、", context.connectorSources().stream().sorted().toList()) + "。"));
            }
            if (Elements.property(activity, Contract.PURPOSE).isEmpty()) {
                problems.add(Elements.problem(activity, CODE, "調閱資料須說明目的（擴充屬性 kuayu.purpose），以供個資調閱紀錄。"));
            }
        }
    }
}
