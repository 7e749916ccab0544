package tw.kuayu.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Kuayu at capacity with the same client threads as the one-case-at-a-time run: each thread is a
 * desk that works whatever is ready, as a caseworker works a task list, instead of waiting on one
 * case's jobs. A desk files the next application while fewer than {@code inFlight} cases are open,
 * opens the next user's worklist, and for each of that user's tasks opens the case and completes
 * the task. Evidence and decisions run on the engine's job executor meanwhile. Throughput is cases
 * closed per second, from the first filing to the last closing, read back from Kuayu's tables.
 */
final class KuayuDesks {

    private final Http http;
    private final DataSource db;
    private final AtomicInteger pages = new AtomicInteger();
    private final AtomicInteger emptyPages = new AtomicInteger();

    KuayuDesks(int port, DataSource db) {
        this.http = new Http(port);
        this.db = db;
    }

    Load.Result run(String scenario, int threads, int cases, int inFlight, String caseType, String clerk,
                    Map<String, Object> data, List<KuayuFlows.Step> steps) throws Exception {
        List<String> users = new ArrayList<>(new LinkedHashSet<>(steps.stream().map(KuayuFlows.Step::user).toList()));
        Set<String> filed = ConcurrentHashMap.newKeySet();
        Set<String> taken = ConcurrentHashMap.newKeySet();
        Map<String, Timestamp[]> closed = new ConcurrentHashMap<>();
        AtomicInteger toFile = new AtomicInteger(cases);
        AtomicInteger rotation = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        // one watcher reads closings back every 50 ms (the desks do not poll cases: they work lists)
        // a failed read stops the watcher; the desks then stop with its error instead of waiting out the 10 minutes
        java.util.concurrent.atomic.AtomicReference<Exception> watchFailed = new java.util.concurrent.atomic.AtomicReference<>();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleWithFixedDelay(() -> {
            try {
                closed.putAll(closedSince(filed, closed.keySet()));
            } catch (Exception e) {
                watchFailed.set(e);
                throw new IllegalStateException(e);
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
        CpuMeter.Reading cpu = CpuMeter.now();
        pages.set(0);
        emptyPages.set(0);
        java.time.LocalTime from = java.time.LocalTime.now();
        long start = System.nanoTime();
        List<Future<?>> desks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            desks.add(pool.submit(() -> {
                while (closed.size() < cases) {
                    if (watchFailed.get() != null) {
                        throw new IllegalStateException("reading closed cases back failed", watchFailed.get());
                    }
                    if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
                        throw new IllegalStateException(closed.size() + " of " + cases + " cases closed after 10 minutes");
                    }
                    boolean worked = false;
                    if (filed.size() - closed.size() < inFlight && toFile.getAndDecrement() > 0) {
                        filed.add(file(caseType, clerk, data));
                        worked = true;
                    }
                    String user = users.get(Math.floorMod(rotation.getAndIncrement(), users.size()));
                    worked |= workList(user, steps, taken) > 0;
                    if (!worked) {
                        Thread.sleep(10); // nothing ready: new tasks show only in the next worklist page, so pause, then ask again
                    }
                }
                return null;
            }));
        }
        for (Future<?> d : desks) {
            d.get();
        }
        CpuMeter.Reading used = CpuMeter.now().since(cpu);
        pool.shutdown();
        watcher.shutdown();
        long lastClosed = closed.values().stream().mapToLong(t -> t[1].getTime()).max().orElseThrow();
        long firstReceived = closed.values().stream().mapToLong(t -> t[0].getTime()).min().orElseThrow();
        requireIssued(filed);
        List<Double> latencies = closed.values().stream().map(t -> (double) (t[1].getTime() - t[0].getTime())).toList();
        // from the first case received to the last one closed, on the database's clock (the desks' own
        // start is a few ms earlier and their end includes one more poll)
        double seconds = Math.max(lastClosed - firstReceived, 1) / 1000.0;
        // the wall-clock span, to cut a profile (JFR) of the whole run down to this scenario
        System.out.printf("%s | %d desks, up to %d cases open: %.1f s of desk time, %s–%s; per case: %.1f worklist pages"
                        + " (%.1f with nothing to do)%n", scenario, threads, inFlight,
                (System.nanoTime() - start) / 1e9, from, java.time.LocalTime.now(), pages.get() / (double) cases,
                emptyPages.get() / (double) cases);
        return new Load.Result(scenario, cases, seconds, latencies, new ArrayList<>(filed), used);
    }

    private String file(String caseType, String clerk, Map<String, Object> data) {
        Http.Answer filed = http.post("/api/cases", clerk, Map.of("caseType", caseType,
                "applicant", Map.of("nationalId", "A123456789", "name", "王小明"), "data", data));
        if (filed.status() != 201) {
            throw new IllegalStateException("intake " + filed.status() + ": " + filed.body());
        }
        return filed.json().path("id").asText();
    }

    /** One page of {@code user}'s worklist: each task of theirs not taken by another desk is read (case view) and completed. */
    private int workList(String user, List<KuayuFlows.Step> steps, Set<String> taken) {
        Http.Answer page = http.get("/api/tasks?size=50", user);
        if (page.status() != 200) {
            throw new IllegalStateException("worklist " + page.status() + ": " + page.body());
        }
        int done = 0;
        for (JsonNode task : page.json().path("items")) {
            KuayuFlows.Step step = steps.stream().filter(s -> s.user().equals(user) && s.step().equals(task.path("step").asText())
                    && s.agency().equals(task.path("agency").asText())).findFirst().orElse(null);
            String id = task.path("id").asText();
            if (step == null || !taken.add(id)) {
                continue;
            }
            Http.Answer view = http.get("/api/cases/" + task.path("caseId").asText(), user);
            if (view.status() != 200) {
                throw new IllegalStateException("case view " + view.status() + ": " + view.body());
            }
            Http.Answer completed = http.post("/api/tasks/" + id + "/complete", user, Map.of("action", step.action(), "opinion", "無意見。"));
            if (completed.status() != 204) {
                throw new IllegalStateException(step + ": " + completed.status() + " " + completed.body());
            }
            done++;
        }
        pages.incrementAndGet();
        if (done == 0) {
            emptyPages.incrementAndGet();
        }
        return done;
    }

    /** received_at and closed_at of the filed cases that closed and are not yet known to be. */
    private Map<String, Timestamp[]> closedSince(Set<String> filed, Set<String> known) throws Exception {
        List<String> open = filed.stream().filter(id -> !known.contains(id)).toList();
        Map<String, Timestamp[]> result = new HashMap<>();
        if (open.isEmpty()) {
            return result;
        }
        String marks = String.join(",", Collections.nCopies(open.size(), "?"));
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, received_at, closed_at FROM kuayu_case WHERE closed_at IS NOT NULL"
                     + " AND id IN (" + marks + ")")) {
            for (int i = 0; i < open.size(); i++) {
                s.setString(i + 1, open.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getString(1), new Timestamp[] {rs.getTimestamp(2), rs.getTimestamp(3)});
                }
            }
        }
        return result;
    }

    /** Every case closed with its decision issued: a flow that ended another way is not counted as throughput. */
    private void requireIssued(Set<String> ids) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(DISTINCT case_id) FROM kuayu_decision WHERE status = 'issued' AND case_id IN ("
                        + String.join(",", Collections.nCopies(ids.size(), "?")) + ")")) {
            int i = 1;
            for (String id : ids) {
                s.setString(i++, id);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getInt(1) != ids.size()) {
                    throw new IllegalStateException(ids.size() + " cases closed but " + rs.getInt(1) + " with an issued decision");
                }
            }
        }
    }
}
