package tw.kuayu.history;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;

/**
 * Kuayu's read models and guards listen to the engine's history events in the command that
 * produces them; each adds its handler next to the others (and next to the engine's own
 * database handler, which stays on: {@code isEnableDefaultDbHistoryEventHandler}).
 */
public final class HistoryEventListeners {

    private HistoryEventListeners() {
    }

    public static void add(ProcessEngineConfigurationImpl configuration, HistoryEventHandler handler) {
        List<HistoryEventHandler> handlers = configuration.getCustomHistoryEventHandlers() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
        handlers.add(handler);
        configuration.setCustomHistoryEventHandlers(handlers);
    }
}
