package tw.kuayu.studio;

import java.io.ByteArrayInputStream;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.springframework.http.HttpStatus;
import tw.kuayu.processes.checks.Problem;
import tw.kuayu.web.ApiException;

/** What the studio's deployers share: refuse a resource that fails its checks, and deploy one resource. */
final class StudioDeployment {

    static final String SOURCE = "kuayu-studio";

    private StudioDeployment() {
    }

    /** {@code what} names the resource for the user, e.g. 流程模型 or 表單. */
    static void refuseIfProblems(String what, List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, what + "未通過檢查",
                    what + "有 " + problems.size() + " 項問題，未部署；請依 errors 修正後再上傳。",
                    problems.stream().map(Problem::toString).toList());
        }
    }

    /** The ids of a model's executable processes, in document order. */
    static List<String> executableKeys(byte[] bpmn) {
        return Bpmn.readModelFromStream(new ByteArrayInputStream(bpmn)).getModelElementsByType(Process.class).stream()
                .filter(Process::isExecutable).map(Process::getId).toList();
    }

    /**
     * Deploys as the application, not as the user: the process-owners role (checked by the API's security
     * chain) is the authorization for the studio, and who deployed is recorded in {@code kuayu_deployment}.
     */
    static DeploymentWithDefinitions deploy(RepositoryService repository, String name, String resourceName, byte[] content) {
        return repository.createDeployment()
                .name(name)
                .source(SOURCE)
                .enableDuplicateFiltering(false)
                .addInputStream(resourceName, new ByteArrayInputStream(content))
                .deployWithResult();
    }
}
