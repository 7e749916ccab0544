package tw.kuayu.forms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.api.Test;

/**
 * Every user task in every model names a form that exists, and the form only writes the variables
 * the task's actions read: {@code action} (one of the task's {@code kuayu.actions}) and {@code opinion}, plus
 * {@code inspectionDate} on a task that schedules a site inspection (action {@code schedule}).
 */
class FormsMatchModelsTest {

    /** Variables a task may write; everything else a form shows must be read-only. */
    private static final Set<String> WRITABLE = Set.of("action", "opinion");
    /** Written only by a task whose actions include {@code schedule} (聯合會勘). */
    private static final String INSPECTION_DATE = "inspectionDate";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyUserTaskHasAMatchingForm() throws Exception {
        List<UserTask> tasks = allUserTasks();
        assertThat(tasks).isNotEmpty();
        for (UserTask task : tasks) {
            String formRef = task.getCamundaFormRef();
            assertThat(formRef).as("form of user task %s", task.getId()).isNotBlank();
            JsonNode form = loadForm(formRef);
            assertThat(form).as("form %s for task %s exists in forms/", formRef, task.getId()).isNotNull();
            assertThat(form.path("id").asText()).isEqualTo(formRef);

            Set<String> actions = actionsOf(task);
            assertThat(actions).as("kuayu.actions of %s", task.getId()).isNotEmpty();
            for (JsonNode component : form.path("components")) {
                String key = component.path("key").asText(null);
                if (key == null || component.path("readonly").asBoolean(false)) {
                    continue;
                }
                if (key.equals(INSPECTION_DATE)) {
                    assertThat(actions).as("form %s asks for %s on task %s", formRef, key, task.getId()).contains("schedule");
                    continue;
                }
                assertThat(WRITABLE).as("editable field %s in form %s", key, formRef).contains(key);
                if (key.equals("action")) {
                    Set<String> offered = new HashSet<>();
                    component.path("values").forEach(v -> offered.add(v.path("value").asText()));
                    assertThat(offered).as("actions offered by form %s", formRef).isEqualTo(actions);
                    assertThat(component.path("validate").path("required").asBoolean()).isTrue();
                }
            }
        }
    }

    private Set<String> actionsOf(UserTask task) {
        if (task.getExtensionElements() == null) {
            return Set.of();
        }
        return task.getExtensionElements().getElementsQuery().filterByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties.class)
                .list().stream()
                .flatMap(p -> p.getCamundaProperties().stream())
                .filter(p -> "kuayu.actions".equals(p.getCamundaName()))
                .map(CamundaProperty::getCamundaValue)
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .collect(java.util.stream.Collectors.toSet());
    }

    private JsonNode loadForm(String id) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/forms/" + id + ".form")) {
            return in == null ? null : json.readTree(in);
        }
    }

    private List<UserTask> allUserTasks() throws IOException {
        // the models are read from the sibling module's sources: Maven runs tests in the module directory
        Path dir = Paths.get("../processes/src/main/resources/processes");
        List<UserTask> tasks = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path bpmn : files.filter(p -> p.toString().endsWith(".bpmn")).toList()) {
                BpmnModelInstance model = Bpmn.readModelFromFile(bpmn.toFile());
                tasks.addAll(model.getModelElementsByType(UserTask.class));
            }
        }
        return tasks;
    }
}
