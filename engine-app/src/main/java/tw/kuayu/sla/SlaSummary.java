package tw.kuayu.sla;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import tw.kuayu.sla.SlaMapper.SummaryRow;

/**
 * {@code GET /api/sla/summary}: counts of the filtered cases in total, per owning agency and per
 * case type. {@code onTimeRate} = decided on or before the due date / decided (withdrawn cases are
 * not decisions and are counted apart); null when nothing was decided.
 */
public record SlaSummary(LocalDate from, LocalDate to, Instant asOf, Line total, List<Line> byAgency, List<Line> byCaseType) {

    public record Line(String key, String name, long received, long decided, long decidedOnTime, Double onTimeRate, long withdrawn,
                       long open, long overdueOpen) {

        static Line of(String key, String name, List<SummaryRow> rows) {
            long decided = rows.stream().mapToLong(SummaryRow::decided).sum();
            long onTime = rows.stream().mapToLong(SummaryRow::decidedOnTime).sum();
            return new Line(key, name, rows.stream().mapToLong(SummaryRow::received).sum(), decided, onTime,
                    decided == 0 ? null : Math.round(10000.0 * onTime / decided) / 10000.0,
                    rows.stream().mapToLong(SummaryRow::withdrawn).sum(), rows.stream().mapToLong(SummaryRow::openCases).sum(),
                    rows.stream().mapToLong(SummaryRow::overdueOpen).sum());
        }
    }

    static SlaSummary of(SlaFilter filter, List<SummaryRow> rows, Function<String, String> agencyName, Function<String, String> typeName) {
        return new SlaSummary(filter.fromDate(), filter.toDate(), filter.now(), Line.of("total", "合計", rows),
                lines(rows, SummaryRow::agency, agencyName), lines(rows, SummaryRow::caseType, typeName));
    }

    private static List<Line> lines(List<SummaryRow> rows, Function<SummaryRow, String> key, Function<String, String> name) {
        Map<String, List<SummaryRow>> groups = new TreeMap<>();
        rows.forEach(r -> groups.computeIfAbsent(key.apply(r), k -> new java.util.ArrayList<>()).add(r));
        return groups.entrySet().stream().map(e -> Line.of(e.getKey(), name.apply(e.getKey()), e.getValue())).toList();
    }
}
