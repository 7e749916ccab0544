package tw.kuayu.processes.checks;

import java.util.List;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.UserTask;

/**
 * Every user task is offered to an agency: a literal {@code tpe-x} or {@code tpe-x.role} of a known
 * agency, or one of the contract's expressions that resolve to one.
 */
final class CandidateGroupCheck implements Check {

    static final String CODE = "user-task.candidate-group";

    @Override
    public void check(BpmnModelInstance model, CheckContext context, List<Problem> problems) {
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            String groups = task.getCamundaCandidateGroups();
            if (Elements.blank(groups)) {
                problems.add(Elements.problem(task, CODE, "人工作業未指定承辦機關（camunda:candidateGroups），例如 ${ownerAgency} 或 tpe-tax.approver。"));
                continue;
            }
            for (String group : groups.split(",")) {
                String problem = problemOf(group.trim(), context);
                if (problem != null) {
                    problems.add(Elements.problem(task, CODE, problem));
                }
            }
        }
    }

    private static String problemOf(String group, CheckContext context) {
        if (group.startsWith("${") || group.startsWith("#{")) {
            return Contract.GROUP_EXPRESSIONS.contains(group) ? null
                    : "承辦群組運算式「" + group + "」不在流程契約中；可用：" + String.join("、", sorted()) + "。";
        }
        int dot = group.indexOf('.');
        String agency = dot < 0 ? group : group.substring(0, dot);
        String role = dot < 0 ? null : group.substring(dot + 1);
        if (!context.agencies().contains(agency)) {
            return "承辦群組「" + group + "」不是已登錄的機關（kuayu.agencies）。";
        }
        if (role != null && !role.matches("[a-z][a-z0-9-]*")) {
            return "承辦群組「" + group + "」的職務名稱有誤，應為「機關.職務」，例如 " + agency + ".approver。";
        }
        return null;
    }

    private static List<String> sorted() {
        return Contract.GROUP_EXPRESSIONS.stream().sorted().toList();
    }
}
