package tw.kuayu.sla;

import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.casetype.CatalogProperties.CaseType;
import tw.kuayu.tasks.TaskActions;

/**
 * Gives a new user task its due date from the step's internal target in working days: the case
 * type's {@code step-targets.<step>} in {@code kuayu-case-types.yaml} if set, else the model's
 * extension property {@code kuayu.targetWorkingDays}. A due date already set by the model stays.
 * Runs before {@code tasks.TaskReadModel} (highest order) so {@code kuayu_task.due_at} gets it.
 */
@Component
public class TaskDueDates {

    public static final String PROPERTY = "kuayu.targetWorkingDays";
    private static final Logger log = LoggerFactory.getLogger(TaskDueDates.class);

    private final TaskActions actions;
    private final CaseMapper cases;
    private final Catalog catalog;
    private final WorkingCalendar calendar;
    private final Clock clock;

    public TaskDueDates(TaskActions actions, CaseMapper cases, Catalog catalog, WorkingCalendar calendar, Clock clock) {
        this.actions = actions;
        this.cases = cases;
        this.catalog = catalog;
        this.calendar = calendar;
        this.clock = clock;
    }

    @Order(Ordered.HIGHEST_PRECEDENCE)
    @EventListener(condition = "#task.eventName == 'create'")
    public void created(DelegateTask task) {
        String caseId = (String) task.getVariable("caseId");
        if (caseId == null || task.getDueDate() != null) {
            return;
        }
        target(caseId, task.getProcessDefinitionId(), task.getTaskDefinitionKey())
                .ifPresent(days -> task.setDueDate(Date.from(calendar.dueAt(clock.instant(), days))));
    }

    Optional<Integer> target(String caseId, String processDefinitionId, String step) {
        CaseRecord c = cases.findById(caseId);
        Map<String, Integer> byType = c == null ? Map.of()
                : catalog.caseType(c.caseType()).map(CaseType::stepTargets).orElse(Map.of());
        if (byType.containsKey(step)) {
            return Optional.of(byType.get(step));
        }
        return modelTarget(processDefinitionId, step);
    }

    private Optional<Integer> modelTarget(String processDefinitionId, String step) {
        return actions.property(processDefinitionId, step, PROPERTY).stream().findFirst()
                .flatMap(value -> parse(value, processDefinitionId, step));
    }

    private static Optional<Integer> parse(String value, String processDefinitionId, String step) {
        try {
            int days = Integer.parseInt(value.strip());
            return days > 0 ? Optional.of(days) : Optional.empty();
        } catch (NumberFormatException e) {
            log.warn("{} of step {} in {} is not a whole number of working days: '{}'", PROPERTY, step, processDefinitionId, value);
            return Optional.empty();
        }
    }
}
