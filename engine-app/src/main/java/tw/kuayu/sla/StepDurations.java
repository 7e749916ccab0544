package tw.kuayu.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.sla.SlaMapper.CompletedTask;

/**
 * {@code GET /api/sla/steps}: how long completed tasks took per step and agency, p50 and p90 in
 * elapsed hours and in working days, and how many finished after their due date. Percentiles are
 * computed here, over a bounded query, with linear interpolation between ranks (the same definition
 * as SQL's {@code PERCENTILE_CONT}), because a portable duration expression over timestamps does
 * not exist across H2, PostgreSQL and Oracle. When the range holds more completed tasks than the
 * bound ({@code kuayu.sla.step-report-max-tasks}), the report covers the most recently completed
 * ones: {@code sampled} is true and {@code tasksRead} says how many.
 */
public record StepDurations(LocalDate from, LocalDate to, Instant asOf, String percentileMethod, List<Step> steps, boolean sampled,
                            int tasksRead) {

    public static final String METHOD = "linear interpolation between ranks (PERCENTILE_CONT)";

    public record Step(String step, String stepName, String agency, String agencyName, long completed, long late, double p50Hours,
                       double p90Hours, double p50WorkingDays, double p90WorkingDays) {
    }

    static StepDurations of(SlaFilter filter, List<CompletedTask> tasks, boolean sampled, WorkingCalendar calendar,
                            Function<String, String> agencyName) {
        Map<String, List<CompletedTask>> groups = new TreeMap<>();
        tasks.forEach(t -> groups.computeIfAbsent(t.step() + "\u0000" + t.agency(), k -> new ArrayList<>()).add(t));
        List<Step> steps = groups.values().stream().map(g -> {
            CompletedTask first = g.get(0);
            double[] hours = g.stream().mapToDouble(t -> Duration.between(t.createdAt(), t.endedAt()).toSeconds() / 3600.0).sorted().toArray();
            double[] days = g.stream().mapToDouble(t -> calendar.between(t.createdAt(), t.endedAt())).sorted().toArray();
            long late = g.stream().filter(t -> t.dueAt() != null && t.endedAt().isAfter(t.dueAt())).count();
            return new Step(first.step(), first.name(), first.agency(), first.agency() == null ? null : agencyName.apply(first.agency()),
                    g.size(), late, round(percentile(hours, 0.5)), round(percentile(hours, 0.9)), round(percentile(days, 0.5)),
                    round(percentile(days, 0.9)));
        }).toList();
        return new StepDurations(filter.fromDate(), filter.toDate(), filter.now(), METHOD, steps, sampled, tasks.size());
    }

    /** The p-th percentile (0..1) of sorted values, interpolating linearly between the ranks around p·(n−1). */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double rank = p * (sorted.length - 1);
        int lower = (int) Math.floor(rank);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
