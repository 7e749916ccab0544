package tw.kuayu.sla;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import tw.kuayu.sla.SlaMapper.TrendRow;

/**
 * {@code GET /api/sla/trend}: the on-time rate over time, per month of receipt (Taipei), per owning
 * agency and per case type. A month's rate is decided on time / decided among the cases received
 * that month (the same definition as the summary); null when none was decided yet. Months without
 * cases inside the data's first and last month are listed with zeros, so series line up.
 */
public record SlaTrend(LocalDate from, LocalDate to, Instant asOf, List<String> months, List<Series> byAgency, List<Series> byCaseType) {

    public record Series(String key, String name, List<Point> points) {
    }

    public record Point(String month, long received, long decided, long decidedOnTime, Double onTimeRate) {
    }

    static SlaTrend of(SlaFilter filter, List<TrendRow> rows, Function<String, String> agencyName, Function<String, String> typeName) {
        TreeSet<YearMonth> present = new TreeSet<>();
        rows.forEach(r -> present.add(YearMonth.of(r.receivedYear(), r.receivedMonth())));
        List<String> months = new ArrayList<>();
        if (!present.isEmpty()) {
            for (YearMonth m = present.first(); !m.isAfter(present.last()); m = m.plusMonths(1)) {
                months.add(m.toString());
            }
        }
        return new SlaTrend(filter.fromDate(), filter.toDate(), filter.now(), months, series(rows, months, TrendRow::agency, agencyName),
                series(rows, months, TrendRow::caseType, typeName));
    }

    private static List<Series> series(List<TrendRow> rows, List<String> months, Function<TrendRow, String> key,
                                       Function<String, String> name) {
        Map<String, Map<String, long[]>> groups = new TreeMap<>();
        for (TrendRow r : rows) {
            long[] sums = groups.computeIfAbsent(key.apply(r), k -> new TreeMap<>())
                    .computeIfAbsent(YearMonth.of(r.receivedYear(), r.receivedMonth()).toString(), m -> new long[3]);
            sums[0] += r.received();
            sums[1] += r.decided();
            sums[2] += r.decidedOnTime();
        }
        return groups.entrySet().stream().map(e -> new Series(e.getKey(), name.apply(e.getKey()), months.stream().map(m -> {
            long[] s = e.getValue().getOrDefault(m, new long[3]);
            return new Point(m, s[0], s[1], s[2], s[1] == 0 ? null : Math.round(10000.0 * s[2] / s[1]) / 10000.0);
        }).toList())).toList();
    }
}
