package tw.kuayu.studio.migration;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.batch.BatchStatistics;
import org.camunda.bpm.engine.batch.history.HistoricBatch;
import org.camunda.bpm.engine.management.ActivityStatistics;
import org.camunda.bpm.engine.migration.MigratingActivityInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingTransitionInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigrationInstruction;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tw.kuayu.OwnTransaction;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.studio.Definitions;
import tw.kuayu.studio.Reasons;
import tw.kuayu.studio.migration.MigrationMapper.MigrationRow;
import tw.kuayu.web.ApiException;

/**
 * Moves running instances of one version onto another with Camunda's migration API. The plan is the engine's
 * own (equal activity ids map onto each other); a dry run lets the engine migrate the chosen instances inside a
 * transaction that is always rolled back, so every instance is judged by the engine's own validation; a real
 * migration is a Camunda batch (jobs, retries, incidents) started only when the dry run is clean. Timers keep
 * their due dates (event triggers are not recreated), so a migrated case keeps its deadlines.
 */
@Service
public class Migrations {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final ManagementService management;
    private final HistoryService history;
    private final Definitions definitions;
    private final MigrationMapper migrations;
    private final OwnTransaction ownTransaction;
    private final Clock clock;

    Migrations(RuntimeService runtime, RepositoryService repository, ManagementService management, HistoryService history,
               Definitions definitions, MigrationMapper migrations, OwnTransaction ownTransaction, Clock clock) {
        this.runtime = runtime;
        this.repository = repository;
        this.management = management;
        this.history = history;
        this.definitions = definitions;
        this.migrations = migrations;
        this.ownTransaction = ownTransaction;
        this.clock = clock;
    }

    /** What to migrate: all running instances of the source version unless {@code processInstanceIds} names some. */
    public record MigrationRequest(Integer sourceVersion, Integer targetVersion, List<String> processInstanceIds, String reason) {
    }

    public record Mapping(String sourceActivityId, String targetActivityId) {
    }

    /** An activity of the source version with no counterpart in the target, and how many instances are in it now. */
    public record Unmapped(String id, String name, String type, long runningInstances) {
    }

    public record InstanceProblem(String processInstanceId, String caseNo, List<String> problems) {
    }

    public record DryRun(String key, int sourceVersion, int targetVersion, List<Mapping> plan, List<Unmapped> activitiesWithoutCounterpart,
                         int instances, List<String> mapsCleanly, List<InstanceProblem> failing) {
    }

    public record JobFailure(String jobId, String processInstanceId, String message, String incidentId) {
    }

    public record Progress(String id, String batchId, String key, int sourceVersion, int targetVersion, String startedBy, Instant startedAt,
                           String reason, int instances, String status, long totalJobs, long completedJobs, long remainingJobs,
                           long failedJobs, Instant endedAt, long migrated, List<String> stillOnSource, List<JobFailure> failures) {
    }

    private record Prepared(ProcessDefinition source, ProcessDefinition target, MigrationPlan plan, List<String> ids) {
    }

    public DryRun dryRun(String key, MigrationRequest request) {
        Prepared p = prepare(key, request);
        return judge(key, p);
    }

    /** Starts the batch after a clean dry run; nothing is started when any chosen instance would fail. */
    public Progress start(String key, MigrationRequest request, CurrentUser user) {
        String why = Reasons.required(request == null ? null : request.reason());
        Prepared p = prepare(key, request);
        if (p.ids().isEmpty()) {
            throw ApiException.conflict("第 " + p.source().getVersion() + " 版沒有執行中的案件可移轉。");
        }
        DryRun check = judge(key, p);
        if (!check.failing().isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "部分案件無法移轉",
                    check.failing().size() + " 件案件無法移轉到第 " + p.target().getVersion() + " 版，未開始移轉；請先試算（dry-run），"
                            + "排除這些案件或調整新版本後再執行。",
                    check.failing().stream().map(f -> label(f.processInstanceId(), f.caseNo()) + "：" + String.join("；", f.problems())).toList());
        }
        String id = UUID.randomUUID().toString();
        ownTransaction.executeWithoutResult(status -> {
            Batch batch = runtime.newMigration(p.plan()).processInstanceIds(p.ids()).executeAsync();
            migrations.insert(new MigrationRow(id, batch.getId(), batch.getBatchJobDefinitionId(), key, p.source().getId(),
                    p.source().getVersion(), p.target().getId(), p.target().getVersion(), p.ids().size(), user.id(), clock.instant(), why));
            p.ids().forEach(instance -> migrations.insertInstance(id, instance));
        });
        log.info("Migration {} of {} instances from {} to {} started by {}", id, p.ids().size(), p.source().getId(), p.target().getId(), user.id());
        return progress(key, id);
    }

    public List<Progress> list(String key) {
        return migrations.list(key).stream().map(row -> progress(row)).toList();
    }

    public Progress progress(String key, String id) {
        MigrationRow row = id.length() > 36 ? null : migrations.find(key, id);
        if (row == null) {
            throw ApiException.notFound("查無流程「" + key + "」的移轉作業「" + id + "」。");
        }
        return progress(row);
    }

    private Progress progress(MigrationRow row) {
        List<String> ids = migrations.instances(row.id());
        // one query: a batch that ends between two queries would be neither running nor finished
        BatchStatistics stats = management.createBatchStatisticsQuery().batchId(row.batchId()).singleResult();
        long total;
        long completed;
        long remaining;
        long failed;
        Instant ended = null;
        String status;
        if (stats != null) {
            total = stats.getTotalJobs();
            completed = stats.getCompletedJobs();
            remaining = stats.getRemainingJobs();
            failed = stats.getFailedJobs();
            // every instance migrated: done for the owner now, not when the batch's monitor job (every 30 s) removes it
            status = failed > 0 ? "failed" : remaining == 0 ? "completed" : "running";
        } else {
            HistoricBatch done = history.createHistoricBatchQuery().batchId(row.batchId()).singleResult();
            total = done == null ? row.instanceCount() : done.getTotalJobs();
            completed = total;
            remaining = 0;
            failed = 0;
            ended = done == null || done.getEndTime() == null ? null : done.getEndTime().toInstant();
            status = "completed";
        }
        long migrated = ids.isEmpty() ? 0 : chunks(ids).stream().mapToLong(chunk -> runtime.createProcessInstanceQuery()
                .processInstanceIds(new LinkedHashSet<>(chunk)).processDefinitionId(row.targetDefinitionId()).count()).sum();
        List<String> stillOnSource = ids.isEmpty() ? List.of() : chunks(ids).stream().flatMap(chunk -> runtime.createProcessInstanceQuery()
                .processInstanceIds(new LinkedHashSet<>(chunk)).processDefinitionId(row.sourceDefinitionId()).list().stream())
                .map(ProcessInstance::getId).sorted().toList();
        return new Progress(row.id(), row.batchId(), row.processKey(), row.sourceVersion(), row.targetVersion(), row.startedBy(),
                row.startedAt(), row.reason(), row.instanceCount(), status, total, completed, remaining, failed, ended, migrated,
                stillOnSource, failures(row));
    }

    private List<JobFailure> failures(MigrationRow row) {
        if (row.batchJobDefinitionId() == null) {
            return List.of();
        }
        Map<String, String> incidents = new HashMap<>();
        for (Incident incident : runtime.createIncidentQuery().jobDefinitionIdIn(row.batchJobDefinitionId()).list()) {
            incidents.put(incident.getConfiguration(), incident.getId());
        }
        List<JobFailure> failures = new ArrayList<>();
        for (Job job : management.createJobQuery().jobDefinitionId(row.batchJobDefinitionId()).withException().list()) {
            failures.add(new JobFailure(job.getId(), job.getProcessInstanceId(), job.getExceptionMessage(), incidents.get(job.getId())));
        }
        return failures;
    }

    private Prepared prepare(String key, MigrationRequest request) {
        if (request == null || request.sourceVersion() == null || request.targetVersion() == null) {
            throw ApiException.badRequest("請指定來源版本（sourceVersion）與目標版本（targetVersion）。",
                    List.of("sourceVersion", "targetVersion"));
        }
        if (request.sourceVersion().equals(request.targetVersion())) {
            throw ApiException.badRequest("來源版本與目標版本相同，無需移轉。", List.of("targetVersion"));
        }
        ProcessDefinition source = definitions.version(key, request.sourceVersion());
        ProcessDefinition target = definitions.version(key, request.targetVersion());
        if (target.isSuspended()) {
            throw ApiException.conflict("第 " + target.getVersion() + " 版已停用，不能作為移轉目標；請先恢復該版本或選擇其他版本。");
        }
        MigrationPlan plan;
        try {
            plan = runtime.createMigrationPlan(source.getId(), target.getId()).mapEqualActivities().build();
        } catch (MigrationPlanValidationException e) {
            throw new ApiException(HttpStatus.CONFLICT, "無法產生移轉計畫", "引擎無法為這兩個版本產生有效的移轉計畫。",
                    e.getValidationReport().getInstructionReports().stream()
                            .map(r -> r.getMigrationInstruction().getSourceActivityId() + "：" + String.join("；", r.getFailures())).toList());
        }
        return new Prepared(source, target, plan, instances(source, request.processInstanceIds()));
    }

    private List<String> instances(ProcessDefinition source, List<String> requested) {
        if (requested == null) {
            return runtime.createProcessInstanceQuery().processDefinitionId(source.getId()).orderByProcessInstanceId().asc().list().stream()
                    .map(ProcessInstance::getId).toList();
        }
        List<String> ids = requested.stream().distinct().toList();
        if (ids.isEmpty()) {
            throw ApiException.badRequest("processInstanceIds 不可為空陣列；省略此欄位即為該版本全部執行中的案件。", List.of("processInstanceIds"));
        }
        Set<String> onSource = new LinkedHashSet<>();
        for (List<String> chunk : chunks(ids.stream().filter(i -> i != null && i.length() <= 64).toList())) {
            runtime.createProcessInstanceQuery().processInstanceIds(new LinkedHashSet<>(chunk)).processDefinitionId(source.getId()).list()
                    .forEach(i -> onSource.add(i.getId()));
        }
        List<String> foreign = ids.stream().filter(i -> !onSource.contains(i)).toList();
        if (!foreign.isEmpty()) {
            throw ApiException.badRequest(foreign.size() + " 個流程實例不是第 " + source.getVersion() + " 版執行中的案件。",
                    foreign.stream().map(i -> "processInstanceIds: " + i).toList());
        }
        return ids;
    }

    private DryRun judge(String key, Prepared p) {
        Map<String, String> names = new HashMap<>();
        Map<String, String> types = new HashMap<>();
        for (FlowNode node : repository.getBpmnModelInstance(p.source().getId()).getModelElementsByType(FlowNode.class)) {
            names.put(node.getId(), node.getName());
            types.put(node.getId(), node.getElementType().getTypeName());
        }
        Set<String> mapped = p.plan().getInstructions().stream().map(MigrationInstruction::getSourceActivityId).collect(Collectors.toSet());
        Map<String, Long> running = new HashMap<>();
        for (ActivityStatistics s : management.createActivityStatisticsQuery(p.source().getId()).list()) {
            running.put(s.getId(), (long) s.getInstances());
        }
        Set<String> inTarget = repository.getBpmnModelInstance(p.target().getId()).getModelElementsByType(FlowNode.class).stream()
                .map(FlowNode::getId).collect(Collectors.toSet());
        // no counterpart: gone from the target, or holding running instances the plan cannot map (a gateway or
        // start event the engine never maps is not worth reporting while nothing waits in it)
        List<Unmapped> unmapped = names.keySet().stream()
                .filter(id -> !mapped.contains(id) && (!inTarget.contains(id) || running.getOrDefault(id, 0L) > 0)).sorted()
                .map(id -> new Unmapped(id, names.get(id), types.get(id), running.getOrDefault(id, 0L))).toList();

        List<InstanceProblem> failing = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        for (String id : p.ids()) {
            List<String> problems = waitingWithoutCounterpart(id, names, mapped);
            if (problems.isEmpty()) {
                candidates.add(id);
            } else {
                failing.add(new InstanceProblem(id, businessKey(id), problems));
            }
        }
        if (!candidates.isEmpty() && !migratesCleanly(p.plan(), candidates, names, mapped).isEmpty()) {
            for (String id : candidates) {
                List<String> problems = migratesCleanly(p.plan(), List.of(id), names, mapped);
                if (!problems.isEmpty()) {
                    failing.add(new InstanceProblem(id, businessKey(id), problems));
                }
            }
        }
        Set<String> failed = failing.stream().map(InstanceProblem::processInstanceId).collect(Collectors.toSet());
        List<Mapping> plan = p.plan().getInstructions().stream().map(i -> new Mapping(i.getSourceActivityId(), i.getTargetActivityId())).toList();
        return new DryRun(key, p.source().getVersion(), p.target().getVersion(), plan, unmapped, p.ids().size(),
                p.ids().stream().filter(id -> !failed.contains(id)).toList(), failing);
    }

    /**
     * The activities the instance is in that the plan does not map: the most common reason an instance cannot
     * move, found from its activity tree without asking the engine to try (which logs each refusal as an error).
     */
    private List<String> waitingWithoutCounterpart(String processInstanceId, Map<String, String> names, Set<String> mapped) {
        ActivityInstance tree = runtime.getActivityInstance(processInstanceId);
        if (tree == null) {
            return List.of("案件已不在執行中");
        }
        Set<String> waiting = new java.util.TreeSet<>();
        collect(tree, waiting);
        waiting.remove(tree.getActivityId());
        return waiting.stream().filter(a -> !mapped.contains(a)).map(a -> at(a, names, mapped, List.of())).toList();
    }

    private static void collect(ActivityInstance instance, Set<String> activities) {
        activities.add(instance.getActivityId());
        for (TransitionInstance t : instance.getChildTransitionInstances()) {
            activities.add(t.getActivityId());
        }
        for (ActivityInstance child : instance.getChildActivityInstances()) {
            collect(child, activities);
        }
    }

    /** The engine migrates the instances in a transaction that is always rolled back; its objections, in zh-TW where known. */
    private List<String> migratesCleanly(MigrationPlan plan, List<String> ids, Map<String, String> names, Set<String> mapped) {
        List<String> problems = ownTransaction.execute(status -> {
            status.setRollbackOnly();
            try {
                runtime.newMigration(plan).processInstanceIds(ids).skipCustomListeners().skipIoMappings().execute();
                return List.of();
            } catch (MigratingProcessInstanceValidationException e) {
                return describe(e.getValidationReport(), names, mapped);
            } catch (ProcessEngineException e) {
                return List.of("引擎拒絕移轉：" + e.getMessage());
            }
        });
        return problems == null ? List.of() : problems;
    }

    private static List<String> describe(MigratingProcessInstanceValidationReport report, Map<String, String> names, Set<String> mapped) {
        List<String> problems = new ArrayList<>(report.getFailures());
        for (MigratingActivityInstanceValidationReport a : report.getActivityInstanceReports()) {
            problems.add(at(a.getSourceScopeId(), names, mapped, a.getFailures()));
        }
        for (MigratingTransitionInstanceValidationReport t : report.getTransitionInstanceReports()) {
            problems.add(at(t.getSourceScopeId(), names, mapped, t.getFailures()));
        }
        return problems;
    }

    private static String at(String activityId, Map<String, String> names, Set<String> mapped, List<String> failures) {
        String where = "停在「" + (names.get(activityId) == null ? activityId : names.get(activityId)) + "」（" + activityId + "）";
        return mapped.contains(activityId) ? where + "：" + String.join("；", failures)
                : where + "：新版本沒有對應的活動，無法移轉";
    }

    private String businessKey(String processInstanceId) {
        ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).singleResult();
        return instance == null ? null : instance.getBusinessKey();
    }

    private static String label(String processInstanceId, String caseNo) {
        return caseNo == null ? processInstanceId : caseNo + "（" + processInstanceId + "）";
    }

    /** Keeps IN lists short for Oracle's 1000-element limit. */
    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 500) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + 500)));
        }
        return chunks;
    }
}
