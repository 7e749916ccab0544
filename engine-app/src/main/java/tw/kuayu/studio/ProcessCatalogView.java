package tw.kuayu.studio;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinitionQuery;
import org.springframework.stereotype.Component;
import tw.kuayu.studio.DraftMapper.DraftInfo;
import tw.kuayu.web.ApiException;

/**
 * The deployed process definitions, every version with its running instance count and whether it is retired
 * (suspended: no new instances), newest version first, and the key's draft if one is saved.
 */
@Component
class ProcessCatalogView {

    private final RepositoryService repository;
    private final RuntimeService runtime;
    private final DraftMapper drafts;

    ProcessCatalogView(RepositoryService repository, RuntimeService runtime, DraftMapper drafts) {
        this.repository = repository;
        this.runtime = runtime;
        this.drafts = drafts;
    }

    /** {@code retired}: the definition is suspended, so nothing can start a new instance of it; running ones go on. */
    record Version(String id, int version, String deploymentId, boolean suspended, boolean retired, long runningInstances) {
    }

    /** {@code draft}: who saved the key's draft and when, or null. */
    record Draft(Integer baseVersion, String savedBy, Instant savedAt) {
    }

    record ProcessVersions(String key, String name, int latestVersion, List<Version> versions, Draft draft) {
    }

    List<ProcessVersions> list() {
        Map<String, DraftInfo> saved = drafts.list().stream().collect(Collectors.toMap(DraftInfo::processKey, Function.identity()));
        return group(repository.createProcessDefinitionQuery(), saved);
    }

    ProcessVersions of(String key) {
        DraftInfo draft = drafts.info(key);
        List<ProcessVersions> found = group(repository.createProcessDefinitionQuery().processDefinitionKey(key),
                draft == null ? Map.of() : Map.of(key, draft));
        if (found.isEmpty()) {
            throw ApiException.notFound("查無流程「" + key + "」。");
        }
        return found.get(0);
    }

    private List<ProcessVersions> group(ProcessDefinitionQuery query, Map<String, DraftInfo> saved) {
        Map<String, List<ProcessDefinition>> byKey = new LinkedHashMap<>();
        query.orderByProcessDefinitionKey().asc().orderByProcessDefinitionVersion().desc().list()
                .forEach(d -> byKey.computeIfAbsent(d.getKey(), k -> new ArrayList<>()).add(d));
        List<ProcessVersions> result = new ArrayList<>();
        byKey.forEach((key, definitions) -> {
            List<Version> versions = definitions.stream().map(d -> new Version(d.getId(), d.getVersion(), d.getDeploymentId(),
                    d.isSuspended(), d.isSuspended(), runtime.createProcessInstanceQuery().processDefinitionId(d.getId()).count())).toList();
            DraftInfo draft = saved.get(key);
            result.add(new ProcessVersions(key, definitions.get(0).getName(), definitions.get(0).getVersion(), versions,
                    draft == null ? null : new Draft(draft.baseVersion(), draft.savedBy(), draft.savedAt())));
        });
        return result;
    }
}
