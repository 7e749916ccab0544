package tw.kuayu.security;

import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.springframework.stereotype.Component;
import tw.kuayu.history.HistoryEventListeners;

/**
 * The variables intake sets from the case type (who owns the case, who approves, who reviews, co-signs and
 * rules) decide which agency gets each task. A task's candidate group may set variables on its task (Camunda's
 * task UPDATE permission, used by the Tasklist's forms and {@code /engine-rest/task/{id}/complete}), and a
 * task's variables reach the process instance: without this guard a caseworker could complete the review with
 * {@code approverGroup=<own agency>} and approve the case themselves. A change of one of these
 * variables by a signed-in user who is not a Camunda admin is refused (403 through the REST API), in the same
 * transaction, so nothing of the request stays. The engine reports variable changes as history events
 * (history level {@code full}, application.yaml), in the changing command. Decision 032.
 */
@Component
class RoutingVariablesGuard extends AbstractProcessEnginePlugin {

    /** Set at start by intake (docs/process-contract.md), read by the models' candidate groups and call activities. */
    static final Set<String> ROUTING = Set.of("caseId", "caseType", "ownerAgency", "approverGroup", "reviewAgencies",
            "reviewWorkingDays", "escalateAfterWorkingDays", "referralLevels", "coSigners", "correctionWorkingDays");

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        HistoryEventListeners.add(configuration, new Handler());
    }

    private static final class Handler implements HistoryEventHandler {

        @Override
        public void handleEvent(HistoryEvent event) {
            // updates only: a removal breaks the flow (the next expression fails) but routes nothing, and variables
            // are also removed when a called pattern (joint review, referral) ends in a user's completion
            if (!(event instanceof HistoricVariableUpdateEventEntity variable) || !ROUTING.contains(variable.getVariableName())
                    || !event.isEventOfType(HistoryEventTypes.VARIABLE_INSTANCE_UPDATE)) {
                return;
            }
            CommandContext command = Context.getCommandContext();
            String user = command == null ? null : command.getAuthenticatedUserId();
            if (user == null || command.getAuthorizationManager().isCamundaAdmin(command.getAuthentication())) {
                return;
            }
            throw new AuthorizationException("案件的分派變數「" + variable.getVariableName() + "」由收件時的案件類型決定，不能在任務中變更"
                    + " (the routing variable '" + variable.getVariableName() + "' is set at intake and cannot be changed by " + user + ").");
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            events.forEach(this::handleEvent);
        }
    }
}
