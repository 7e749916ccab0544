package tw.kuayu.studio;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.processes.checks.Problem;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.studio.DeploymentMapper.DeploymentRecord;

/**
 * Checks a Camunda Form and deploys it as a new version of its id (user tasks with {@code camunda:formRefBinding="latest"}
 * show it from then on), recording who deployed it, when and why in {@code kuayu_deployment}.
 */
@Service
class FormDeployer {

    private static final Logger log = LoggerFactory.getLogger(FormDeployer.class);

    private final FormChecks checks;
    private final RepositoryService repository;
    private final DeploymentMapper deployments;
    private final Clock clock;

    FormDeployer(FormChecks checks, RepositoryService repository, DeploymentMapper deployments, Clock clock) {
        this.checks = checks;
        this.repository = repository;
        this.deployments = deployments;
        this.clock = clock;
    }

    /** {@code created} is false when the same form was already the latest studio deployment of its id. */
    record DeployedForm(String deploymentId, String formId, boolean created) {
    }

    @Transactional
    public DeployedForm deploy(byte[] form, String reason, CurrentUser user) {
        String why = Reasons.optional(reason);
        FormChecks.Result result = checks.check(form);
        StudioDeployment.refuseIfProblems("表單", result.problems());
        String resourceName = result.id() + ".form";
        Deployment deployment = StudioDeployment.deploy(repository, "form:" + result.id(), resourceName, form);
        if (deployments.countByDeploymentId(deployment.getId()) > 0) {
            return new DeployedForm(deployment.getId(), result.id(), false);
        }
        deployments.insert(new DeploymentRecord(UUID.randomUUID().toString(), deployment.getId(), resourceName, user.id(), clock.instant(), why));
        log.info("Form deployed by the studio: deployment {}, form {}", deployment.getId(), result.id());
        return new DeployedForm(deployment.getId(), result.id(), true);
    }

    List<Problem> check(byte[] form) {
        return checks.check(form).problems();
    }
}
