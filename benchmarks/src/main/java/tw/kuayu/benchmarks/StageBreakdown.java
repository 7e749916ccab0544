package tw.kuayu.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Where a Kuayu case's time goes, read back from Kuayu's own timestamps: kuayu_case.received_at,
 * the last kuayu_data_access_log entry (evidence job done), each kuayu_task's created_at/ended_at,
 * kuayu_decision.issued_at. For each step: "wait" is the engine's time from the previous milestone
 * to the task's creation; "open" is the driver's time to see and complete it (polling included).
 */
final class StageBreakdown {

    private final Map<String, List<Double>> stages = new LinkedHashMap<>();

    static StageBreakdown of(DataSource db, Set<String> caseIds) throws SQLException {
        StageBreakdown b = new StageBreakdown();
        try (Connection c = db.getConnection()) {
            Map<String, Timestamp> received = times(c, "SELECT id, received_at FROM kuayu_case", caseIds);
            Map<String, Timestamp> closed = times(c, "SELECT id, closed_at FROM kuayu_case", caseIds);
            Map<String, Timestamp> evidence = lookupsDone(c, caseIds);
            Map<String, Timestamp> issued = times(c, "SELECT case_id, issued_at FROM kuayu_decision", caseIds);
            Map<String, List<TaskRow>> tasks = tasks(c, caseIds);
            for (String id : caseIds) {
                b.add("evidence job (received → lookups answered)", received.get(id), evidence.get(id));
                Timestamp previous = evidence.get(id);
                Timestamp groupFrom = previous;
                for (TaskRow t : tasks.getOrDefault(id, List.of())) {
                    // tasks created while the previous one was open run in parallel (joint review): same start
                    if (previous == null || t.created() == null || !t.created().before(previous)) {
                        groupFrom = previous;
                    }
                    b.add(t.step() + ": wait (→ created)", groupFrom, t.created());
                    b.add(t.step() + ": open (created → completed)", t.created(), t.ended());
                    previous = previous == null || (t.ended() != null && t.ended().after(previous)) ? t.ended() : previous;
                }
                Timestamp decided = issued.get(id);
                if (decided != null && previous != null && decided.before(previous)) {
                    // co-signed (會銜): the decision row is written at approval, then co-signed; the case closes after
                    b.add("co-signed decision: last completion → case closed", previous, closed.get(id));
                } else {
                    b.add("decision issuing (last completion → issued)", previous, decided);
                }
            }
        }
        return b;
    }

    private void add(String stage, Timestamp from, Timestamp to) {
        if (from != null && to != null) {
            stages.computeIfAbsent(stage, k -> new ArrayList<>()).add((double) (to.getTime() - from.getTime()));
        }
    }

    record TaskRow(String step, Timestamp created, Timestamp ended) {
    }

    private static Map<String, List<TaskRow>> tasks(Connection c, Set<String> ids) throws SQLException {
        Map<String, List<TaskRow>> byCase = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT case_id, step, agency, created_at, ended_at FROM kuayu_task ORDER BY case_id, created_at, agency")) {
            while (rs.next()) {
                if (ids.contains(rs.getString(1))) {
                    String step = rs.getString(2) + ("jointReview".equals(rs.getString(2)) ? " " + rs.getString(3) : "");
                    byCase.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new TaskRow(step, rs.getTimestamp(4), rs.getTimestamp(5)));
                }
            }
        }
        return byCase;
    }

    /** Per case: when its last lookup answered (an entry's time is the lookup's start, plus its latency). */
    private static Map<String, Timestamp> lookupsDone(Connection c, Set<String> ids) throws SQLException {
        Map<String, Timestamp> out = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT case_id, occurred_at, latency_ms FROM kuayu_data_access_log")) {
            while (rs.next()) {
                if (ids.contains(rs.getString(1))) {
                    Timestamp done = new Timestamp(rs.getTimestamp(2).getTime() + rs.getLong(3));
                    out.merge(rs.getString(1), done, (a, b) -> a.after(b) ? a : b);
                }
            }
        }
        return out;
    }

    private static Map<String, Timestamp> times(Connection c, String query, Set<String> ids) throws SQLException {
        Map<String, Timestamp> out = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                if (ids.contains(rs.getString(1))) {
                    out.put(rs.getString(1), rs.getTimestamp(2));
                }
            }
        }
        return out;
    }

    void print(String title) {
        System.out.printf("%n%s — per-stage breakdown (ms)%n", title);
        System.out.printf("%-52s %6s %9s %9s%n", "stage", "cases", "median", "p95");
        stages.forEach((stage, values) -> System.out.printf("%-52s %6d %9.0f %9.0f%n", stage, values.size(),
                Load.percentile(values, 50), Load.percentile(values, 95)));
    }
}
