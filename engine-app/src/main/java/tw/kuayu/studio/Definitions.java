package tw.kuayu.studio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Component;
import tw.kuayu.web.ApiException;

/** Process definitions by key and version, as the studio's URLs name them, and the BPMN XML they were deployed from. */
@Component
public class Definitions {

    private final RepositoryService repository;

    Definitions(RepositoryService repository) {
        this.repository = repository;
    }

    public ProcessDefinition version(String key, int version) {
        ProcessDefinition d = repository.createProcessDefinitionQuery().processDefinitionKey(key).processDefinitionVersion(version)
                .withoutTenantId().singleResult();
        if (d == null) {
            throw ApiException.notFound("流程「" + key + "」沒有第 " + version + " 版。");
        }
        return d;
    }

    /** The latest version, or null when the key was never deployed. */
    public ProcessDefinition latestOrNull(String key) {
        return repository.createProcessDefinitionQuery().processDefinitionKey(key).withoutTenantId().latestVersion().singleResult();
    }

    public ProcessDefinition latest(String key) {
        ProcessDefinition d = latestOrNull(key);
        if (d == null) {
            throw ApiException.notFound("查無流程「" + key + "」。");
        }
        return d;
    }

    public byte[] xml(ProcessDefinition d) {
        try (InputStream in = repository.getResourceAsStream(d.getDeploymentId(), d.getResourceName())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the model of " + d.getId() + " could not be read", e);
        }
    }
}
