package tw.kuayu.cases;

import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tw.kuayu.history.HistoryEventListeners;

/**
 * Keeps {@code kuayu_case_eligibility} in step with the process variables {@code eligible} and
 * {@code eligibilityReason}, from the engine's own history events and in the engine's transaction,
 * whoever sets them (the eligibility check, a model's own step, Cockpit, the REST API). The case
 * view reads this row instead of querying the engine's history on every view; the row outlives
 * the engine's history cleanup. Like the history query it replaces, it follows history level
 * audit or full (decision 029).
 */
@Component
class EligibilityReadModel extends AbstractProcessEnginePlugin implements HistoryEventHandler {

    static final String ELIGIBLE = "eligible";
    static final String REASON = "eligibilityReason";

    // the mapper's factory needs the engine's data source and transaction manager, so it is looked up when first used
    private final ObjectProvider<EligibilityMapper> mapper;

    EligibilityReadModel(ObjectProvider<EligibilityMapper> mapper) {
        this.mapper = mapper;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        HistoryEventListeners.add(configuration, this);
    }

    @Override
    public void handleEvent(HistoryEvent event) {
        if (!(event instanceof HistoricVariableUpdateEventEntity v) || v.getProcessInstanceId() == null
                || !(ELIGIBLE.equals(v.getVariableName()) || REASON.equals(v.getVariableName()))
                || v.isEventOfType(HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL)) {
            return; // a detail (ACT_HI_DETAIL) repeats the instance's own event
        }
        boolean removed = v.isEventOfType(HistoryEventTypes.VARIABLE_INSTANCE_DELETE);
        String pi = v.getProcessInstanceId();
        EligibilityMapper rows = mapper.getObject();
        if (ELIGIBLE.equals(v.getVariableName())) {
            Boolean eligible = removed || !"boolean".equals(v.getSerializerName()) || v.getLongValue() == null ? null : v.getLongValue() == 1L;
            if (rows.setEligible(pi, eligible) == 0) {
                rows.insert(pi, eligible, null);
            }
        } else {
            String reason = removed || !"string".equals(v.getSerializerName()) ? null : v.getTextValue();
            if (rows.setReason(pi, reason) == 0) {
                rows.insert(pi, null, reason);
            }
        }
    }

    @Override
    public void handleEvents(List<HistoryEvent> events) {
        events.forEach(this::handleEvent);
    }
}
