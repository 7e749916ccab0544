package tw.kuayu.studio;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.processes.checks.ModelChecks;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.studio.DeploymentMapper.DeployedProcess;
import tw.kuayu.studio.DeploymentMapper.DeploymentRecord;

/**
 * Checks an uploaded BPMN model and deploys it as a new version, recording who deployed it, when and why.
 * A model that fails any check is not deployed; the answer lists every problem.
 */
@Service
public class ProcessDeployer {

    private static final Logger log = LoggerFactory.getLogger(ProcessDeployer.class);

    private final LiveCheckContext context;
    private final RepositoryService repository;
    private final DeploymentMapper deployments;
    private final Clock clock;

    ProcessDeployer(LiveCheckContext context, RepositoryService repository, DeploymentMapper deployments, Clock clock) {
        this.context = context;
        this.repository = repository;
        this.deployments = deployments;
        this.clock = clock;
    }

    /** A process definition of a deployment. */
    public record DeployedDefinition(String key, int version, String id) {
    }

    /** The result: {@code created} is false when the same model was already deployed (nothing new). */
    public record Deployed(String deploymentId, List<DeployedDefinition> processes, boolean created) {
    }

    @Transactional
    public Deployed deploy(byte[] bpmn, String reason, CurrentUser user) {
        String why = Reasons.optional(reason);
        StudioDeployment.refuseIfProblems("流程模型", ModelChecks.check(bpmn, context.current()));
        List<String> keys = StudioDeployment.executableKeys(bpmn);
        String resourceName = keys.get(0) + ".bpmn";
        DeploymentWithDefinitions deployment = StudioDeployment.deploy(repository, keys.get(0), resourceName, bpmn);
        List<ProcessDefinition> definitions = deployment.getDeployedProcessDefinitions();
        if (definitions == null || definitions.isEmpty()) {
            return unchanged(keys);
        }
        List<DeployedDefinition> deployed = definitions.stream()
                .map(d -> new DeployedDefinition(d.getKey(), d.getVersion(), d.getId())).toList();
        record(deployment.getId(), resourceName, user, why, deployed);
        log.info("Process model deployed by the studio: deployment {}, {}", deployment.getId(), deployed);
        return new Deployed(deployment.getId(), deployed, true);
    }

    private Deployed unchanged(List<String> keys) {
        List<DeployedDefinition> latest = new ArrayList<>();
        String deploymentId = null;
        for (String key : keys) {
            ProcessDefinition d = repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
            latest.add(new DeployedDefinition(d.getKey(), d.getVersion(), d.getId()));
            deploymentId = deploymentId == null ? d.getDeploymentId() : deploymentId;
        }
        return new Deployed(deploymentId, latest, false);
    }

    private void record(String deploymentId, String resourceName, CurrentUser user, String why, List<DeployedDefinition> deployed) {
        String recordId = UUID.randomUUID().toString();
        deployments.insert(new DeploymentRecord(recordId, deploymentId, resourceName, user.id(), clock.instant(), why));
        for (DeployedDefinition d : deployed) {
            deployments.insertProcess(new DeployedProcess(recordId, d.id(), d.key(), d.version()));
        }
    }
}
