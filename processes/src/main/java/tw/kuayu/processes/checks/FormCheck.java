package tw.kuayu.processes.checks;

import java.util.List;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.UserTask;

/** Every user task names a Camunda Form that exists. */
final class FormCheck implements Check {

    static final String CODE = "user-task.form";

    @Override
    public void check(BpmnModelInstance model, CheckContext context, List<Problem> problems) {
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            String formRef = task.getCamundaFormRef();
            if (Elements.blank(formRef)) {
                problems.add(Elements.problem(task, CODE, "人工作業未指定表單（camunda:formRef）。"));
            } else if (!context.forms().contains(formRef.trim())) {
                problems.add(Elements.problem(task, CODE, "表單「" + formRef.trim() + "」不存在；請先部署該表單或改用既有表單。"));
            }
        }
    }
}
