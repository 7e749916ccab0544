package tw.kuayu.history;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.CachedDbEntity;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.DbEntityState;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextListener;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.springframework.stereotype.Component;

/**
 * Opinion text never reaches the engine's runtime tables (decision 040). A variable that carries an opinion
 * ({@link KuayuHistoryLevel#OPINIONS}) lives for the transaction that writes it: the task's completion
 * listeners (which seal it into {@code kuayu_opinion}), its gateways, and the patterns' listeners and output
 * mappings up to the next wait state all read it as before. When the engine's command closes, before the
 * flush, the variable is deleted. A variable created in the same command then costs no SQL at all; an
 * opinion row written before this change goes the next time a step writes that variable. This holds for
 * every way a task is completed: Kuayu's API, the Tasklist and {@code /engine-rest} alike.
 */
@Component
public class TransientOpinions extends AbstractProcessEnginePlugin {

    private static final CommandContextListener DROP_OPINIONS = new CommandContextListener() {
        @Override
        public void onCommandContextClose(CommandContext context) {
            dropWrittenOpinions(context);
        }

        @Override
        public void onCommandFailed(CommandContext context, Throwable failure) {
            // the transaction rolls back: nothing was written
        }
    };

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setCustomPostCommandInterceptorsTxRequired(with(configuration.getCustomPostCommandInterceptorsTxRequired()));
        configuration.setCustomPostCommandInterceptorsTxRequiresNew(with(configuration.getCustomPostCommandInterceptorsTxRequiresNew()));
    }

    private static List<CommandInterceptor> with(List<CommandInterceptor> existing) {
        List<CommandInterceptor> interceptors = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
        interceptors.add(new CommandInterceptor() {
            @Override
            public <T> T execute(Command<T> command) {
                // inside the engine's command context; a nested command's context registers the same listener once
                Context.getCommandContext().registerCommandContextListener(DROP_OPINIONS);
                return next.execute(command);
            }
        });
        return interceptors;
    }

    /** Deletes the opinion variables this command created or changed; a command that never touched the database is left alone. */
    static void dropWrittenOpinions(CommandContext context) {
        if (!context.getSessions().containsKey(DbEntityManager.class)) {
            return;
        }
        DbEntityManager entities = context.getDbEntityManager();
        for (VariableInstanceEntity variable : entities.getCachedEntitiesByType(VariableInstanceEntity.class)) {
            if (!KuayuHistoryLevel.OPINIONS.contains(variable.getName())) {
                continue;
            }
            CachedDbEntity cached = entities.getDbEntityCache().getCachedEntity(variable);
            DbEntityState state = cached == null ? null : cached.getEntityState();
            if (state == DbEntityState.TRANSIENT || state == DbEntityState.MERGED
                    || (state == DbEntityState.PERSISTENT && cached.isDirty())) {
                variable.delete();
            }
        }
    }
}
