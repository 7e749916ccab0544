package tw.kuayu.processes.checks;

import java.util.List;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/** One rule over a parsed model; adds a problem per element that breaks it. */
interface Check {

    void check(BpmnModelInstance model, CheckContext context, List<Problem> problems);
}
