package tw.kuayu.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.tasks.TaskMapper;
import tw.kuayu.tasks.TaskMapper.TaskRow;

/**
 * A generated, repeatable case history for the dashboard (browser test, guide screenshots): cases of
 * three types received over some months, written straight into kuayu_case and kuayu_task with the
 * engine left out. The land office's joint review is the slow step; recent cases are still open,
 * some of them overdue. Same seed, same history; case numbers carry a run prefix. Tasks name the
 * deployed process definition of their step, so the case page can show the open steps.
 */
public final class SlaHistory {

    /** {@code stuck}: the share of these tasks still open however long ago they started. */
    record Step(String step, String name, String agency, int targetWorkingDays, double meanWorkingDays, double stuck) {

        Step(String step, String name, String agency, int targetWorkingDays, double meanWorkingDays) {
            this(step, name, agency, targetWorkingDays, meanWorkingDays, 0.02);
        }
    }

    record Type(String key, String owner, int statutoryDays, List<Step> steps) {
    }

    static final List<Type> TYPES = List.of(
            new Type("land-value-tax-self-use", "tpe-tax", 14, List.of(new Step("review", "承辦審查", "tpe-tax", 7, 3),
                    new Step("approve", "決行", "tpe-tax", 3, 1))),
            new Type("public-housing-low-income", "tpe-udd", 30, List.of(new Step("review", "承辦審查", "tpe-udd", 5, 3),
                    new Step("jointReview", "會辦審查", "tpe-social", 5, 3), new Step("jointReview", "會辦審查", "tpe-land", 5, 8, 0.15),
                    new Step("approve", "決行", "tpe-udd", 3, 1))),
            new Type("factory-registration", "tpe-udd", 20, List.of(new Step("review", "承辦審查", "tpe-udd", 5, 2),
                    new Step("jointReview", "會辦審查", "tpe-land", 5, 7, 0.15), new Step("jointReview", "會辦審查", "tpe-fire", 5, 4),
                    new Step("approve", "決行", "tpe-udd", 3, 1))));

    public final String prefix = "H" + UUID.randomUUID().toString().substring(0, 5);
    public final List<String> caseIds = new ArrayList<>();
    private final CaseMapper cases;
    private final TaskMapper tasks;
    private final WorkingCalendar calendar;
    private final Random random;
    private final java.util.Map<String, String> definitions = new java.util.HashMap<>();
    private final org.camunda.bpm.engine.RepositoryService repository;
    private final SlaRollup rollup;

    public SlaHistory(CaseMapper cases, TaskMapper tasks, WorkingCalendar calendar, org.camunda.bpm.engine.RepositoryService repository,
                      long seed) {
        this(cases, tasks, null, calendar, repository, seed);
    }

    /** With the SLA rollup kept as intake, closing and task completion keep it (needed by the summary, trend and bottlenecks). */
    public SlaHistory(CaseMapper cases, TaskMapper tasks, SlaRollup rollup, WorkingCalendar calendar,
                      org.camunda.bpm.engine.RepositoryService repository, long seed) {
        this.rollup = rollup;
        this.cases = cases;
        this.tasks = tasks;
        this.calendar = calendar;
        this.repository = repository;
        this.random = new Random(seed);
    }

    private String definition(String processKey) {
        return definitions.computeIfAbsent(processKey, k -> repository.createProcessDefinitionQuery().processDefinitionKey(k)
                .latestVersion().singleResult().getId());
    }

    /**
     * Writes {@code perTypeAndMonth} cases of each type for each month from {@code first} to
     * {@code last}; work not finished by {@code now} stays open.
     */
    public SlaHistory write(YearMonth first, YearMonth last, int perTypeAndMonth, Instant now) {
        int n = 0;
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            for (Type type : TYPES) {
                for (int i = 0; i < perTypeAndMonth; i++) {
                    Instant received = calendar.dueAt(m.atDay(1).atTime(9, 0).atZone(WorkingCalendar.TAIPEI).toInstant(),
                            random.nextInt(Math.max(1, m.lengthOfMonth() * 5 / 7 - 1))).minus(Duration.ofHours(14 - random.nextInt(6)));
                    if (received.isAfter(now)) {
                        continue;
                    }
                    caseIds.add(write(type, received, now, ++n));
                }
            }
        }
        return this;
    }

    private String write(Type type, Instant received, Instant now, int n) {
        String id = UUID.randomUUID().toString();
        Instant due = calendar.dueAt(received, type.statutoryDays());
        List<Step> joint = type.steps().stream().filter(s -> s.step().equals("jointReview")).toList();
        List<TaskRow> rows = new ArrayList<>();
        Instant at = received.plus(Duration.ofMinutes(30));
        Instant closed = null;
        for (Step s : type.steps()) {
            if (s.step().equals("jointReview") && s != joint.get(0)) {
                continue; // reviews run in parallel, written with the first
            }
            Instant end = at;
            for (Step parallel : s.step().equals("jointReview") ? joint : List.of(s)) {
                Instant finished = calendar.dueAt(at, (int) Math.round(-Math.log(1 - random.nextDouble()) * parallel.meanWorkingDays()))
                        .minus(Duration.ofHours(6 + random.nextInt(8)));
                finished = finished.isAfter(at) ? finished : at.plus(Duration.ofHours(2 + random.nextInt(5)));
                if (random.nextDouble() < parallel.stuck()) {
                    finished = now.plus(Duration.ofDays(365)); // still on someone's desk
                }
                rows.add(new TaskRow(UUID.randomUUID().toString(), id, "history-pi",
                        definition(parallel.step().equals("jointReview") ? "joint-review" : type.key()), parallel.step(), parallel.name(),
                        parallel.agency(), null, null, finished.isAfter(now) ? TaskMapper.OPEN : TaskMapper.COMPLETED, at,
                        calendar.dueAt(at, parallel.targetWorkingDays()), finished.isAfter(now) ? null : finished));
                end = finished.isAfter(end) ? finished : end;
            }
            if (end.isAfter(now)) {
                break;
            }
            at = end.plus(Duration.ofMinutes(20));
            closed = end;
        }
        boolean finished = closed != null && rows.stream().allMatch(r -> r.endedAt() != null) && rows.size() == type.steps().size();
        String status = !finished ? "in-progress" : random.nextInt(6) == 0 ? "rejected" : "approved";
        cases.insert(new CaseRecord(id, "114-" + prefix + "-" + n, type.key(), type.owner(), status, "A123456789", "王小明", "{}", null,
                received, due, finished ? closed : null, "history", null, null));
        if (rollup != null) {
            rollup.received(id);
        }
        for (TaskRow r : rows) {
            tasks.insert(new TaskRow(r.taskId(), r.caseId(), r.processInstanceId(), r.processDefinitionId(), r.step(), r.name(), r.agency(),
                    null, null, TaskMapper.OPEN, r.createdAt(), r.dueAt(), null));
            if (r.endedAt() != null) {
                tasks.end(r.taskId(), TaskMapper.COMPLETED, r.endedAt());
                if (rollup != null) {
                    rollup.taskCompleted(r.taskId());
                }
            }
        }
        return id;
    }
}
