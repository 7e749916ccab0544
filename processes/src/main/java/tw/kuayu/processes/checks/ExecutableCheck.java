package tw.kuayu.processes.checks;

import java.util.List;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;

/** At least one executable process, and every executable process says how long its history is kept. */
final class ExecutableCheck implements Check {

    static final String NOT_EXECUTABLE = "model.not-executable";
    static final String HISTORY_TTL = "process.history-ttl";

    @Override
    public void check(BpmnModelInstance model, CheckContext context, List<Problem> problems) {
        List<Process> executable = model.getModelElementsByType(Process.class).stream().filter(Process::isExecutable).toList();
        if (executable.isEmpty()) {
            problems.add(new Problem(Problem.FILE, null, NOT_EXECUTABLE,
                    "模型中沒有可執行的流程；請在流程上勾選可執行（isExecutable=\"true\"）。"));
        }
        for (Process process : executable) {
            if (Elements.blank(process.getCamundaHistoryTimeToLiveString())) {
                problems.add(Elements.problem(process, HISTORY_TTL,
                        "流程未設定歷程保存期限（camunda:historyTimeToLive），請依檔案保存年限設定，例如 P3650D。"));
            }
        }
    }
}
