package tw.kuayu.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.sla.SlaMapper.BottleneckRow;
import tw.kuayu.sla.SlaMapper.CompletedTask;
import tw.kuayu.sla.SlaMapper.OpenStep;
import tw.kuayu.sla.SlaMapper.OverdueCase;
import tw.kuayu.sla.SlaMapper.SummaryRow;
import tw.kuayu.web.ApiException;

/** The SLA reports for managers, read with {@link SlaMapper}; names come from the catalog. */
@Service
public class SlaReports {

    static final int MAX_PAGE_SIZE = 500;
    /** Largest page of overdue cases a CSV export may ask for. */
    static final int MAX_EXPORT = 10_000;

    private final SlaMapper sla;
    private final Catalog catalog;
    private final WorkingCalendar calendar;

    /** Completed tasks a step report reads at most: a wider range is reported over its newest ones, and says so. */
    private final int maxStepTasks;

    public SlaReports(SlaMapper sla, Catalog catalog, WorkingCalendar calendar,
                      @Value("${kuayu.sla.step-report-max-tasks}") int maxStepTasks) {
        this.maxStepTasks = maxStepTasks;
        this.sla = sla;
        this.catalog = catalog;
        this.calendar = calendar;
    }

    public SlaSummary summary(SlaFilter filter) {
        List<SummaryRow> rows = new ArrayList<>(sla.summaryRollup(filter));
        rows.addAll(sla.summaryOpen(filter));
        return SlaSummary.of(filter, rows, this::agencyName, this::caseTypeName);
    }

    public SlaTrend trend(SlaFilter filter) {
        return SlaTrend.of(filter, sla.trend(filter), this::agencyName, this::caseTypeName);
    }

    public Bottlenecks bottlenecks(SlaFilter filter) {
        return Bottlenecks.of(filter, merge(sla.bottlenecksCompleted(filter), sla.bottlenecksOpen(filter)), this::agencyName);
    }

    /** One row per step and agency from the completed tasks' rollup and the open tasks' live figures. */
    static List<BottleneckRow> merge(List<BottleneckRow> completed, List<BottleneckRow> open) {
        Map<List<String>, BottleneckRow> rows = new LinkedHashMap<>();
        for (BottleneckRow r : completed) {
            rows.put(Arrays.asList(r.step(), r.agency()), r);
        }
        for (BottleneckRow o : open) {
            rows.merge(Arrays.asList(o.step(), o.agency()), o, (c, r) -> new BottleneckRow(c.step(), max(c.name(), r.name()), c.agency(),
                    c.tasks() + r.tasks(), c.openTasks() + r.openTasks(), c.openOverdue() + r.openOverdue(),
                    c.completedLate() + r.completedLate(), c.heldSeconds() + r.heldSeconds(), Math.max(c.maxHeldSeconds(), r.maxHeldSeconds()),
                    r.oldestOpenSince()));
        }
        return List.copyOf(rows.values());
    }

    private static String max(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }

    public StepDurations steps(SlaFilter filter) {
        List<CompletedTask> tasks = sla.completedTasks(filter, maxStepTasks + 1);
        boolean sampled = tasks.size() > maxStepTasks;
        return StepDurations.of(filter, sampled ? tasks.subList(0, maxStepTasks) : tasks, sampled, calendar, this::agencyName);
    }

    public OverduePage overdue(SlaFilter filter, int page, int size, boolean export) {
        int max = export ? MAX_EXPORT : MAX_PAGE_SIZE;
        if (page < 0 || size < 1 || size > max) {
            throw ApiException.badRequest("分頁參數有誤：page 須大於或等於 0，size 須介於 1 到 " + max + "。", List.of("page", "size"));
        }
        long total = sla.countOverdue(filter);
        List<OverdueCase> cases = sla.overdue(filter, (long) page * size, size);
        Map<String, List<OpenStep>> steps = cases.isEmpty() ? Map.of()
                : sla.openSteps(cases.stream().map(OverdueCase::caseId).toList()).stream()
                        .collect(Collectors.groupingBy(OpenStep::caseId));
        List<OverduePage.Item> items = cases.stream().map(c -> item(c, steps.getOrDefault(c.caseId(), List.of()), filter.now())).toList();
        return new OverduePage(items, page, size, total);
    }

    private OverduePage.Item item(OverdueCase c, List<OpenStep> steps, Instant now) {
        Instant measuredTo = c.clockStoppedAt() != null ? c.clockStoppedAt() : now;
        return new OverduePage.Item(c.caseId(), c.caseNo(), c.caseType(), caseTypeName(c.caseType()), c.ownerAgency(),
                agencyName(c.ownerAgency()), OverduePage.mask(c.applicantName(), c.applicantNationalId()), c.receivedAt(), c.dueAt(),
                calendar.between(c.dueAt(), measuredTo), c.clockStoppedAt() != null,
                steps.stream().map(s -> new OverduePage.CurrentStep(s.step(), s.name(), s.agency(),
                        s.agency() == null ? null : agencyName(s.agency()))).toList());
    }

    String agencyName(String key) {
        return catalog.isAgency(key) ? catalog.agency(key).name() : key;
    }

    String caseTypeName(String key) {
        return catalog.caseType(key).map(t -> t.name()).orElse(key);
    }
}
