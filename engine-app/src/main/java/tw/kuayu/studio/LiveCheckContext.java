package tw.kuayu.studio;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.connectors.ConnectorRegistry;
import tw.kuayu.processes.checks.CheckContext;

/**
 * The deploy checks' view of the running system: agencies from the catalog, the Camunda Forms shipped with
 * the application (each {@code forms/*.form} on the classpath, by its {@code id}; they are auto-deployed at
 * start) and those deployed through the studio ({@code POST /api/forms}), the connectors' sources, the deployed process keys, and {@code kuayu.studio.*}.
 */
@Component
class LiveCheckContext {

    private final Catalog catalog;
    private final RepositoryService repository;
    private final StudioProperties properties;
    private final Set<String> forms;
    private final DeploymentMapper deployments;

    LiveCheckContext(Catalog catalog, RepositoryService repository, StudioProperties properties, ObjectMapper json,
                     DeploymentMapper deployments) {
        this.catalog = catalog;
        this.deployments = deployments;
        this.repository = repository;
        this.properties = properties;
        this.forms = formIds(json);
    }

    CheckContext current() {
        Set<String> processKeys = repository.createProcessDefinitionQuery().latestVersion().list().stream()
                .map(ProcessDefinition::getKey).collect(Collectors.toSet());
        Set<String> allForms = new HashSet<>(forms);
        deployments.formResources().forEach(r -> allForms.add(r.substring(0, r.length() - ".form".length())));
        return CheckContext.of(catalog.agencyKeys(), allForms, ConnectorRegistry.FACTORIES.keySet(), processKeys,
                properties.scriptLanguages(), properties.requireSlaTargets());
    }

    private static Set<String> formIds(ObjectMapper json) {
        Set<String> ids = new HashSet<>();
        try {
            for (Resource form : new PathMatchingResourcePatternResolver().getResources("classpath*:forms/*.form")) {
                try (InputStream in = form.getInputStream()) {
                    String id = json.readTree(in).path("id").asText("");
                    if (!id.isBlank()) {
                        ids.add(id);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("forms on the classpath could not be read", e);
        }
        return Set.copyOf(ids);
    }
}
