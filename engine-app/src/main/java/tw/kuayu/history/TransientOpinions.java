package tw.kuayu.history;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextListener;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Opinion text does not stay in the engine's runtime tables (decision 040). A variable that carries an
 * opinion ({@link KuayuHistoryLevel#OPINIONS}) lives until the task it belongs to is completed: the
 * completion's listeners (which seal it into {@code kuayu_opinion}), its gateways, and the patterns'
 * listeners and output mappings up to the next wait state all read it as before. When the command that
 * completed a task closes, before the flush, every opinion variable of that task's case (its process and
 * the patterns it called) that the command holds is deleted: one written in the same command costs no SQL
 * at all; one set earlier on the open task (through {@code /engine-rest}, say) or stored by an earlier
 * version goes then. This holds for every way a task is completed: Kuayu's API,
 * the Tasklist and {@code /engine-rest} alike.
 */
@Component
public class TransientOpinions {

    /** Camunda's Spring event bridge calls this inside the engine's command that completes the task. */
    @EventListener(condition = "#task.eventName == 'complete'")
    public void completed(DelegateTask task) {
        if (task.getExecution() instanceof ExecutionEntity execution) {
            // once per case and command, however many of the case's tasks the command completes
            Context.getCommandContext().registerCommandContextListener(new DropOpinionsOf(execution.getRootProcessInstanceId()));
        }
    }

    /** At the command's close, before the flush: the opinion variables of one case (its process and the patterns it called). */
    private record DropOpinionsOf(String rootProcessInstanceId) implements CommandContextListener {

        @Override
        public void onCommandContextClose(CommandContext context) {
            DbEntityManager entities = context.getDbEntityManager();
            for (VariableInstanceEntity variable : entities.getCachedEntitiesByType(VariableInstanceEntity.class)) {
                // a variable whose execution ended in this command is deleted already
                if (KuayuHistoryLevel.OPINIONS.contains(variable.getName()) && !entities.isDeleted(variable)
                        && variable.getExecutionId() != null
                        && rootProcessInstanceId.equals(variable.getExecution().getRootProcessInstanceId())) {
                    variable.delete();
                }
            }
        }

        @Override
        public void onCommandFailed(CommandContext context, Throwable failure) {
            // the transaction rolls back: nothing was written
        }
    }
}
