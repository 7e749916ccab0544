package tw.kuayu.processes.checks;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.Process;

/** A call activity calls a process that exists: deployed already, or in the same file. */
final class CallActivityCheck implements Check {

    static final String CODE = "call-activity.called-element";

    @Override
    public void check(BpmnModelInstance model, CheckContext context, List<Problem> problems) {
        Set<String> known = new HashSet<>(context.processKeys());
        model.getModelElementsByType(Process.class).forEach(p -> known.add(p.getId()));
        for (CallActivity call : model.getModelElementsByType(CallActivity.class)) {
            String called = call.getCalledElement();
            if (Elements.blank(called)) {
                problems.add(Elements.problem(call, CODE, "呼叫活動未指定要呼叫的流程（calledElement）。"));
            } else if (called.contains("${") || called.contains("#{")) {
                problems.add(Elements.problem(call, CODE, "呼叫的流程不可以運算式指定（" + called + "）；請寫明流程代碼，例如 joint-review。"));
            } else if (!known.contains(called.trim())) {
                problems.add(Elements.problem(call, CODE, "呼叫的流程「" + called.trim() + "」不存在；請先部署該流程。"));
            }
        }
    }
}
