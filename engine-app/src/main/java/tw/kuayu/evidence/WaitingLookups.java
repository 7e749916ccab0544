package tw.kuayu.evidence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.stereotype.Component;
import tw.kuayu.audit.DataAccessLog;
import tw.kuayu.audit.DataAccessLogMapper;
import tw.kuayu.audit.DataAccessLogMapper.ChainRow;

/**
 * The evidence jobs (or external tasks) that ran out of retries because a source could not answer, by source. A job
 * counts when its activity is a {@code ${fetchEvidence}} service task and its case's latest lookup
 * (from the data-access log, written even when the job rolls back) failed; refused lookups are
 * left to an operator.
 */
@Component
class WaitingLookups {

    static final String DELEGATE = "${fetchEvidence}";
    private static final int MAX_INCIDENTS = 1000;

    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final DataAccessLogMapper accessLog;

    WaitingLookups(RuntimeService runtime, RepositoryService repository, DataAccessLogMapper accessLog) {
        this.runtime = runtime;
        this.repository = repository;
        this.accessLog = accessLog;
    }

    /** Job ids by source. */
    Map<String, List<String>> bySource() {
        return bySource(Incident.FAILED_JOB_HANDLER_TYPE);
    }

    /** External task ids by source: the same, when evidence workers run as separate processes. */
    Map<String, List<String>> externalTasksBySource() {
        return bySource(Incident.EXTERNAL_TASK_HANDLER_TYPE);
    }

    private Map<String, List<String>> bySource(String incidentType) {
        Map<String, List<String>> jobs = new LinkedHashMap<>();
        for (Incident incident : runtime.createIncidentQuery().incidentType(incidentType)
                .orderByIncidentTimestamp().asc().listPage(0, MAX_INCIDENTS)) {
            if (!fetchesEvidence(incident)) {
                continue;
            }
            Object caseId = runtime.getVariable(incident.getProcessInstanceId(), "caseId");
            ChainRow last = caseId == null ? null : accessLog.lastOfCase(caseId.toString());
            if (last != null && DataAccessLog.FAILED.equals(last.outcome())) {
                jobs.computeIfAbsent(last.source(), s -> new java.util.ArrayList<>()).add(incident.getConfiguration());
            }
        }
        return jobs;
    }

    private boolean fetchesEvidence(Incident incident) {
        if (incident.getProcessDefinitionId() == null || incident.getActivityId() == null) {
            return false;
        }
        ModelElementInstance element = repository.getBpmnModelInstance(incident.getProcessDefinitionId())
                .getModelElementById(incident.getActivityId());
        return element instanceof ServiceTask task && DELEGATE.equals(task.getCamundaDelegateExpression());
    }
}
