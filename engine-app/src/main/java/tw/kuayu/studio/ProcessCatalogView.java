package tw.kuayu.studio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Component;

/** The deployed process definitions, every version with its running instance count, newest version first. */
@Component
class ProcessCatalogView {

    private final RepositoryService repository;
    private final RuntimeService runtime;

    ProcessCatalogView(RepositoryService repository, RuntimeService runtime) {
        this.repository = repository;
        this.runtime = runtime;
    }

    record Version(String id, int version, String deploymentId, boolean suspended, long runningInstances) {
    }

    record ProcessVersions(String key, String name, int latestVersion, List<Version> versions) {
    }

    List<ProcessVersions> list() {
        Map<String, List<ProcessDefinition>> byKey = new LinkedHashMap<>();
        repository.createProcessDefinitionQuery().orderByProcessDefinitionKey().asc().orderByProcessDefinitionVersion().desc().list()
                .forEach(d -> byKey.computeIfAbsent(d.getKey(), k -> new ArrayList<>()).add(d));
        List<ProcessVersions> result = new ArrayList<>();
        byKey.forEach((key, definitions) -> {
            List<Version> versions = definitions.stream().map(d -> new Version(d.getId(), d.getVersion(), d.getDeploymentId(),
                    d.isSuspended(), runtime.createProcessInstanceQuery().processDefinitionId(d.getId()).count())).toList();
            result.add(new ProcessVersions(key, definitions.get(0).getName(), definitions.get(0).getVersion(), versions));
        });
        return result;
    }
}
