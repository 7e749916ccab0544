package tw.kuayu.processes.checks;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.UserTask;

/**
 * Every user task has an SLA target in working days ({@code kuayu.targetWorkingDays}, a positive whole
 * number). Only when the context asks for it: the property is being introduced, so the check is off by
 * default.
 */
final class SlaTargetCheck implements Check {

    static final String CODE = "user-task.sla-target";

    @Override
    public void check(BpmnModelInstance model, CheckContext context, List<Problem> problems) {
        if (!context.slaTargetsRequired()) {
            return;
        }
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            Optional<String> target = Elements.property(task, Contract.TARGET_WORKING_DAYS);
            if (target.isEmpty()) {
                problems.add(Elements.problem(task, CODE, "人工作業未設定處理時限（擴充屬性 kuayu.targetWorkingDays，工作天數）。"));
            } else if (!target.get().matches("[1-9][0-9]{0,3}")) {
                problems.add(Elements.problem(task, CODE, "處理時限 kuayu.targetWorkingDays「" + target.get() + "」應為正整數（工作天數）。"));
            }
        }
    }
}
