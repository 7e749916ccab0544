package tw.kuayu.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.AbstractHistoryLevel;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.springframework.stereotype.Component;

/**
 * History level {@code kuayu} ({@code camunda.bpm.history-level: kuayu}, decision 037): everything
 * level {@code full} records, except
 * <ul>
 *   <li>a detail row ({@code ACT_HI_DETAIL}) for every change of every variable and for every field of a
 *       form submitted in the Tasklist (which would copy an opinion's text there, decision 040): a variable's
 *       history instance ({@code ACT_HI_VARINST}) keeps its last value, and who did what at each step is in
 *       Kuayu's own records (opinions with their action, audit chain, Camunda's user operation log);</li>
 *   <li>any history of the variables that carry opinions ({@link #OPINIONS}): their text is personal
 *       data, kept sealed in {@code kuayu_opinion}, and the engine's history would keep it in clear for
 *       as long as the case type's retention. {@link TransientOpinions} keeps them out of the runtime
 *       tables as well (decision 040).</li>
 * </ul>
 * It keeps full's id (3), so a database can be switched between {@code full} and {@code kuayu} either
 * way: the engine refuses to start when the stored id differs, and {@code kuayu} writes a subset of
 * what {@code full} does.
 */
@Component
public class KuayuHistoryLevel extends AbstractProcessEnginePlugin {

    public static final String NAME = "kuayu";

    /** Process variables that hold an opinion's text (docs/process-contract.md). */
    public static final Set<String> OPINIONS = Set.of("opinion", "referralOpinion", "coSignOpinion");

    static final HistoryLevel LEVEL = new AbstractHistoryLevel() {
        @Override
        public int getId() {
            return HistoryLevel.HISTORY_LEVEL_FULL.getId();
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
            if (eventType == HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL || eventType == HistoryEventTypes.FORM_PROPERTY_UPDATE) {
                return false;
            }
            if (entity instanceof VariableInstanceEntity variable && OPINIONS.contains(variable.getName())) {
                return false;
            }
            return HistoryLevel.HISTORY_LEVEL_FULL.isHistoryEventProduced(eventType, entity);
        }
    };

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<HistoryLevel> custom = configuration.getCustomHistoryLevels() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomHistoryLevels());
        custom.add(LEVEL);
        configuration.setCustomHistoryLevels(custom);
    }
}
