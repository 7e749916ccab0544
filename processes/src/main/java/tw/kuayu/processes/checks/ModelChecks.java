package tw.kuayu.processes.checks;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/**
 * Every check a BPMN model must pass before it is deployed: run by the processes build over the models in
 * this module and by the engine-app's {@code POST /api/processes} over an uploaded one. Plain Java, no
 * engine needed.
 */
public final class ModelChecks {

    static final String UNPARSABLE = "model.unparsable";

    private static final List<Check> CHECKS = List.of(
            new ExecutableCheck(),
            new CandidateGroupCheck(),
            new FormCheck(),
            new ActionsCheck(),
            new SlaTargetCheck(),
            new ScriptCheck(),
            new ServiceTaskCheck(),
            new ConnectorCheck(),
            new CallActivityCheck());

    private ModelChecks() {
    }

    /** Every problem of the file, in document order per check; empty when the model may be deployed. */
    public static List<Problem> check(byte[] bpmn, CheckContext context) {
        Optional<Problem> unsafe = SafeXml.check(bpmn);
        if (unsafe.isPresent()) {
            return List.of(unsafe.get());
        }
        BpmnModelInstance model;
        try {
            model = Bpmn.readModelFromStream(new ByteArrayInputStream(bpmn));
        } catch (RuntimeException e) {
            return List.of(new Problem(Problem.FILE, null, UNPARSABLE,
                    "模型無法解析，不符合 BPMN 2.0 結構描述（" + rootMessage(e) + "）；請以 Camunda Modeler（Camunda 7）開啟修正。"));
        }
        List<Problem> problems = new ArrayList<>();
        for (Check check : CHECKS) {
            check.check(model, context, problems);
        }
        return List.copyOf(problems);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
