package tw.kuayu.studio.migration;

import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricTaskInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tw.kuayu.history.HistoryEventListeners;

/**
 * Keeps the worklist read model ({@code kuayu_task}) in step when a migration moves an open user task to
 * another version: the engine reports it as a history event ({@code TASK_INSTANCE_MIGRATE}) in the
 * migration's own transaction, and the row gets the task's new process definition and step, so the
 * worklist offers the new version's actions. Task events (create, complete, …) are not fired by a migration.
 */
@Component
class MigratedTasks extends AbstractProcessEnginePlugin {

    private final ObjectProvider<MigratedTaskMapper> tasks;

    MigratedTasks(ObjectProvider<MigratedTaskMapper> tasks) {
        this.tasks = tasks;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        HistoryEventListeners.add(configuration, new Handler());
    }

    private final class Handler implements HistoryEventHandler {

        @Override
        public void handleEvent(HistoryEvent event) {
            if (event instanceof HistoricTaskInstanceEventEntity task && event.isEventOfType(HistoryEventTypes.TASK_INSTANCE_MIGRATE)) {
                tasks.getObject().moved(task.getTaskId(), task.getProcessDefinitionId(), task.getTaskDefinitionKey());
            }
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            events.forEach(this::handleEvent);
        }
    }
}
