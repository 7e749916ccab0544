package tw.kuayu.evidence;

import java.util.ArrayList;
import org.camunda.bpm.engine.impl.bpmn.behavior.ExternalTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.core.variable.mapping.value.ConstantValueProvider;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * With {@code kuayu.connectors.external-workers.enabled}, every service task that calls
 * {@code ${fetchEvidence}} is run as a Camunda external task of the configured topic instead: the
 * models stay as they are, and separate worker processes ({@code tw.kuayu.connectors.worker.EvidenceWorker})
 * fetch and lock the tasks over the engine's REST API. The step stays {@code asyncBefore}, so the
 * external task is created outside the intake transaction.
 */
@Component
class ExternalEvidenceTasks extends AbstractProcessEnginePlugin {

    static final String FETCH_EVIDENCE = "${fetchEvidence}";
    private static final Logger log = LoggerFactory.getLogger(ExternalEvidenceTasks.class);

    private final ExternalWorkerProperties properties;

    ExternalEvidenceTasks(ExternalWorkerProperties properties) {
        this.properties = properties;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (!properties.enabled()) {
            return;
        }
        log.info("evidence is fetched by external workers: ${fetchEvidence} steps become external tasks of topic {}", properties.topic());
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
                if (FETCH_EVIDENCE.equals(element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "delegateExpression"))) {
                    activity.setActivityBehavior(new ExternalTaskActivityBehavior(new ConstantValueProvider(properties.topic()), null));
                }
            }
        });
    }
}
