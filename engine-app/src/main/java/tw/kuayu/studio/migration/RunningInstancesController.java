package tw.kuayu.studio.migration;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.studio.Definitions;

/**
 * {@code GET /api/processes/{key}/versions/{version}/instances} (process owners): the running instances of one
 * version with their case number and the steps they wait in, so the studio's migration panel can let the owner
 * choose which cases to move. Capped at {@link #LIMIT} instances, oldest first; the dry run covers the rest.
 */
@RestController
@RequestMapping("/api/processes/{key}/versions/{version}/instances")
class RunningInstancesController {

    static final int LIMIT = 500;

    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final Definitions definitions;

    RunningInstancesController(RuntimeService runtime, RepositoryService repository, Definitions definitions) {
        this.runtime = runtime;
        this.repository = repository;
        this.definitions = definitions;
    }

    public record Step(String id, String name) {
    }

    public record RunningInstance(String processInstanceId, String caseNo, List<Step> waitingIn) {
    }

    public record RunningInstances(String key, int version, long total, List<RunningInstance> instances) {
    }

    @GetMapping
    RunningInstances list(@PathVariable String key, @PathVariable int version) {
        ProcessDefinition definition = definitions.version(key, version);
        var query = runtime.createProcessInstanceQuery().processDefinitionId(definition.getId());
        long total = query.count();
        BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
        List<RunningInstance> instances = new ArrayList<>();
        for (ProcessInstance instance : query.orderByProcessInstanceId().asc().listPage(0, LIMIT)) {
            ActivityInstance tree = runtime.getActivityInstance(instance.getId());
            List<Step> steps = new ArrayList<>();
            if (tree != null) {
                leaves(tree, tree.getActivityId(), steps, model);
            }
            instances.add(new RunningInstance(instance.getId(), instance.getBusinessKey(), steps));
        }
        return new RunningInstances(key, version, total, instances);
    }

    /** The innermost activities of this process instance (a call activity counts as one step: its called instance is another process). */
    private static void leaves(ActivityInstance node, String root, List<Step> steps, BpmnModelInstance model) {
        boolean leaf = node.getChildActivityInstances().length == 0;
        for (ActivityInstance child : node.getChildActivityInstances()) {
            leaves(child, root, steps, model);
        }
        for (var transition : node.getChildTransitionInstances()) {
            steps.add(step(transition.getActivityId(), model));
        }
        if (leaf && node.getChildTransitionInstances().length == 0 && !node.getActivityId().equals(root)) {
            steps.add(step(node.getActivityId(), model));
        }
    }

    private static Step step(String activityId, BpmnModelInstance model) {
        var element = model.getModelElementById(activityId);
        String name = element instanceof FlowElement f ? f.getName() : null;
        return new Step(activityId, name == null ? activityId : name);
    }
}
