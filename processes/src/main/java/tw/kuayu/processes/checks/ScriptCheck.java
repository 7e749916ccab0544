package tw.kuayu.processes.checks;

import java.util.List;
import java.util.Locale;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ConditionExpression;
import org.camunda.bpm.model.bpmn.instance.ScriptTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaScript;

/**
 * No inline scripts: script tasks, script listeners, script input/output parameters and script conditions
 * are refused unless an administrator allows their language.
 */
final class ScriptCheck implements Check {

    static final String CODE = "script.refused";

    @Override
    public void check(BpmnModelInstance model, CheckContext context, List<Problem> problems) {
        for (ScriptTask task : model.getModelElementsByType(ScriptTask.class)) {
            check(task, "腳本任務", task.getScriptFormat(), context, problems);
        }
        for (CamundaScript script : model.getModelElementsByType(CamundaScript.class)) {
            check(Elements.owner(script), "腳本（監聽器或輸入輸出參數）", script.getCamundaScriptFormat(), context, problems);
        }
        for (ConditionExpression condition : model.getModelElementsByType(ConditionExpression.class)) {
            if (!Elements.blank(condition.getLanguage())) {
                check(Elements.owner(condition), "腳本條件", condition.getLanguage(), context, problems);
            }
        }
    }

    private static void check(BaseElement element, String kind, String language, CheckContext context, List<Problem> problems) {
        String lang = language == null ? "" : language.trim().toLowerCase(Locale.ROOT);
        if (!context.scriptLanguages().contains(lang)) {
            problems.add(Elements.problem(element, CODE, "不允許內嵌" + kind + "（語言「" + (lang.isEmpty() ? "未指定" : lang)
                    + "」未經系統管理者開放，kuayu.studio.allowed-script-languages）；請改用流程契約中的服務（Bean）。"));
        }
    }
}
