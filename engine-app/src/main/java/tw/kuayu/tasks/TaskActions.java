package tw.kuayu.tasks;

import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.springframework.stereotype.Component;

/**
 * The actions a user task offers, declared in the model as the extension property
 * {@code kuayu.actions} (e.g. {@code approve,reject,return}). The engine caches parsed models.
 */
@Component
public class TaskActions {

    public static final String PROPERTY = "kuayu.actions";
    public static final String FIELDS = "kuayu.fields";

    private final RepositoryService repository;
    // a deployed process definition never changes (a redeployment is a new id), so its answers are kept
    private final java.util.Map<String, List<String>> known = new java.util.concurrent.ConcurrentHashMap<>();

    public TaskActions(RepositoryService repository) {
        this.repository = repository;
    }

    public List<String> of(String processDefinitionId, String taskDefinitionKey) {
        return property(processDefinitionId, taskDefinitionKey, PROPERTY);
    }

    /** Extra data fields a task accepts besides action and opinion ({@code kuayu.fields}). */
    public List<String> fields(String processDefinitionId, String taskDefinitionKey) {
        return property(processDefinitionId, taskDefinitionKey, FIELDS);
    }

    /** The comma-separated values of a user task's extension property {@code name}; empty when absent. */
    public List<String> property(String processDefinitionId, String taskDefinitionKey, String name) {
        return known.computeIfAbsent(processDefinitionId + '\n' + taskDefinitionKey + '\n' + name,
                k -> read(processDefinitionId, taskDefinitionKey, name));
    }

    private List<String> read(String processDefinitionId, String taskDefinitionKey, String name) {
        UserTask task = repository.getBpmnModelInstance(processDefinitionId).getModelElementById(taskDefinitionKey);
        if (task == null || task.getExtensionElements() == null) {
            return List.of();
        }
        return task.getExtensionElements().getElementsQuery().filterByType(CamundaProperties.class).list().stream()
                .flatMap(p -> p.getCamundaProperties().stream())
                .filter(p -> name.equals(p.getCamundaName()))
                .map(CamundaProperty::getCamundaValue)
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
