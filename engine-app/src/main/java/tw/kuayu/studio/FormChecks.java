package tw.kuayu.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.stereotype.Component;
import tw.kuayu.processes.checks.Problem;

/**
 * The checks a Camunda Form (form-js JSON) passes before the studio deploys it, the deploy-time twin of the
 * forms build's {@code FormsMatchModelsTest}: a form with an {@code id} and {@code components}; every field a
 * user can fill is {@code action}, {@code opinion} or a field the tasks using the form declare in
 * {@code kuayu.fields}; and the {@code action} choices equal the {@code kuayu.actions} of every user task of
 * the deployed (latest) models that names the form.
 */
@Component
class FormChecks {

    static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,200}");
    private static final Set<String> WRITABLE = Set.of("action", "opinion");

    private final RepositoryService repository;
    private final ObjectMapper json;

    FormChecks(RepositoryService repository, ObjectMapper json) {
        this.repository = repository;
        this.json = json;
    }

    /** A form's id (null when unreadable) and every problem found. */
    record Result(String id, List<Problem> problems) {
    }

    Result check(byte[] content) {
        JsonNode form;
        try {
            form = json.readTree(content);
        } catch (IOException e) {
            return fileProblem(null, "form.malformed", "表單不是有效的 JSON（Camunda Forms / form-js 格式），請以表單編輯器重新存檔後再上傳。");
        }
        if (form == null || !form.isObject()) {
            return fileProblem(null, "form.malformed", "表單須為 JSON 物件（Camunda Forms / form-js 格式）。");
        }
        String id = form.path("id").asText("");
        if (!ID.matcher(id).matches()) {
            return fileProblem(null, "form.id", "表單須有 id（英文字母或底線開頭，只含英數字、底線、連字號與句點），作業以 camunda:formRef 指定此 id。");
        }
        if (!form.path("components").isArray()) {
            return fileProblem(id, "form.components", "表單沒有 components 欄位陣列。");
        }
        Map<String, JsonNode> editable = new LinkedHashMap<>();
        collectEditable(form.path("components"), editable);
        List<UserTask> users = tasksUsing(id);
        Set<String> allowed = new LinkedHashSet<>(WRITABLE);
        users.forEach(t -> allowed.addAll(list(property(t, "kuayu.fields"))));
        List<Problem> problems = new ArrayList<>();
        editable.keySet().stream().filter(key -> !allowed.contains(key)).forEach(key -> problems.add(new Problem(key, null, "form.field",
                "欄位「" + key + "」可由使用者填寫，但使用此表單的作業只接受 " + allowed + "；請設為唯讀（readonly）或移除。")));
        Set<String> choices = choices(editable.get("action"));
        for (UserTask task : users) {
            Set<String> actions = new TreeSet<>(list(property(task, "kuayu.actions")));
            if (!actions.equals(choices)) {
                String process = processOf(task).getId();
                problems.add(new Problem("action", null, "form.actions", "流程「" + process + "」的作業「" + task.getId() + "」（kuayu.actions）可選 "
                        + actions + "，表單的 action 選項為 " + choices + "，兩者須一致。"));
            }
        }
        return new Result(id, List.copyOf(problems));
    }

    private static Result fileProblem(String id, String code, String message) {
        return new Result(id, List.of(new Problem("form", null, code, message)));
    }

    private static void collectEditable(JsonNode components, Map<String, JsonNode> editable) {
        for (JsonNode component : components) {
            String key = component.path("key").asText(null);
            if (key != null && !component.path("readonly").asBoolean(false) && !component.path("disabled").asBoolean(false)) {
                editable.putIfAbsent(key, component);
            }
            if (component.path("components").isArray()) {
                collectEditable(component.path("components"), editable);
            }
        }
    }

    private static Set<String> choices(JsonNode action) {
        Set<String> values = new TreeSet<>();
        if (action != null) {
            action.path("values").forEach(v -> values.add(v.path("value").asText()));
        }
        return values;
    }

    /** User tasks of the latest version of every deployed process that name the form. */
    private List<UserTask> tasksUsing(String formId) {
        List<UserTask> tasks = new ArrayList<>();
        for (ProcessDefinition d : repository.createProcessDefinitionQuery().latestVersion().list()) {
            repository.getBpmnModelInstance(d.getId()).getModelElementsByType(UserTask.class).stream()
                    .filter(t -> formId.equals(t.getCamundaFormRef()))
                    .filter(t -> d.getKey().equals(processOf(t).getId()))
                    .forEach(tasks::add);
        }
        return tasks;
    }

    private static Process processOf(UserTask task) {
        ModelElementInstance e = task;
        while (!(e instanceof Process)) {
            e = e.getParentElement();
        }
        return (Process) e;
    }

    private static String property(UserTask task, String name) {
        if (task.getExtensionElements() == null) {
            return null;
        }
        return task.getExtensionElements().getElementsQuery().filterByType(CamundaProperties.class).list().stream()
                .flatMap(p -> p.getCamundaProperties().stream()).filter(p -> name.equals(p.getCamundaName()))
                .map(CamundaProperty::getCamundaValue).findFirst().orElse(null);
    }

    private static List<String> list(String value) {
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
