package tw.kuayu.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import tw.kuayu.sla.SlaMapper.BottleneckRow;

/**
 * {@code GET /api/sla/bottlenecks}: which agency's step holds cases longest. Per step and the agency
 * doing it, over the open and completed tasks of the filtered cases: the average and longest time a
 * task held its case (elapsed hours, to now for open tasks), the open tasks and how many of them are
 * past their step due date, the completed tasks that finished late, and how long the oldest open
 * task has waited. Longest average hold first; {@code share} is the row's part of all holding time.
 */
public record Bottlenecks(LocalDate from, LocalDate to, Instant asOf, String step, List<Row> rows) {

    public record Row(String step, String stepName, String agency, String agencyName, long tasks, long open, long openOverdue,
                      long completedLate, double avgHeldHours, double maxHeldHours, double totalHeldHours, double share,
                      Instant oldestOpenSince, Double oldestOpenHours) {
    }

    static Bottlenecks of(SlaFilter filter, List<BottleneckRow> rows, Function<String, String> agencyName) {
        double all = rows.stream().mapToDouble(BottleneckRow::heldSeconds).sum();
        List<Row> out = rows.stream().map(r -> new Row(r.step(), r.name(), r.agency(), r.agency() == null ? null : agencyName.apply(r.agency()),
                        r.tasks(), r.openTasks(), r.openOverdue(), r.completedLate(), hours(r.heldSeconds() / r.tasks()), hours(r.maxHeldSeconds()),
                        hours(r.heldSeconds()), all == 0 ? 0 : Math.round(10000.0 * r.heldSeconds() / all) / 10000.0, r.oldestOpenSince(),
                        r.oldestOpenSince() == null ? null : hours(Duration.between(r.oldestOpenSince(), filter.now()).toSeconds())))
                .sorted(Comparator.comparingDouble(Row::avgHeldHours).reversed().thenComparing(Row::step)
                        .thenComparing(Row::agency, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        return new Bottlenecks(filter.fromDate(), filter.toDate(), filter.now(), filter.step(), out);
    }

    private static double hours(double seconds) {
        return Math.round(seconds / 360.0) / 10.0;
    }
}
