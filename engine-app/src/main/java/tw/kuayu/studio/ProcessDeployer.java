package tw.kuayu.studio;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.processes.checks.ModelChecks;
import tw.kuayu.processes.checks.Problem;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.studio.DeploymentMapper.DeployedProcess;
import tw.kuayu.studio.DeploymentMapper.DeploymentRecord;
import tw.kuayu.web.ApiException;

/**
 * Checks an uploaded BPMN model and deploys it as a new version, recording who deployed it, when and why.
 * A model that fails any check is not deployed; the answer lists every problem.
 */
@Service
public class ProcessDeployer {

    static final String SOURCE = "kuayu-studio";

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
        List<Problem> problems = ModelChecks.check(bpmn, context.current());
        if (!problems.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "流程模型未通過檢查",
                    "流程模型有 " + problems.size() + " 項問題，未部署；請依 errors 修正後再上傳。",
                    problems.stream().map(Problem::toString).toList());
        }
        List<String> keys = executableKeys(bpmn);
        String resourceName = keys.get(0) + ".bpmn";
        DeploymentWithDefinitions deployment = deploy(keys.get(0), resourceName, bpmn);
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

    /**
     * Deploys as the application, not as the user: the process-owners role (checked by the API's security
     * chain) is the authorization for this API, and who deployed is recorded in {@code kuayu_deployment}.
     */
    private DeploymentWithDefinitions deploy(String name, String resourceName, byte[] bpmn) {
        return repository.createDeployment()
                .name(name)
                .source(SOURCE)
                .enableDuplicateFiltering(false)
                .addInputStream(resourceName, new ByteArrayInputStream(bpmn))
                .deployWithResult();
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

    private static List<String> executableKeys(byte[] bpmn) {
        return Bpmn.readModelFromStream(new ByteArrayInputStream(bpmn)).getModelElementsByType(Process.class).stream()
                .filter(Process::isExecutable).map(Process::getId).toList();
    }
}
