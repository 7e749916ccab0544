package tw.kuayu.processes.checks;

import java.util.List;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.UserTask;

/** Every user task declares the actions it offers ({@code kuayu.actions}); the API offers nothing else. */
final class ActionsCheck implements Check {

    static final String CODE = "user-task.actions";

    @Override
    public void check(BpmnModelInstance model, CheckContext context, List<Problem> problems) {
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            if (Elements.property(task, Contract.ACTIONS).isEmpty()) {
                problems.add(Elements.problem(task, CODE,
                        "人工作業未宣告可執行的動作（擴充屬性 kuayu.actions，例如 approve,reject,return）。"));
            }
        }
    }
}
