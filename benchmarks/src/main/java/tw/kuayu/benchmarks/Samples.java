package tw.kuayu.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Latency of single requests (one at a time), several scenarios interleaved round by round so that
 * load from other processes on the machine falls on all of them alike.
 */
final class Samples {

    /** {@code cancel} stops a call that ran over the budget (e.g. pg_cancel_backend), or null. */
    record Scenario(String name, Callable<?> call, Runnable cancel) {
        Scenario(String name, Callable<?> call) {
            this(name, call, null);
        }
    }

    record Figures(String name, int n, double median, double p95, double max) {
        static Figures of(String name, List<Double> ms) {
            return new Figures(name, ms.size(), Load.percentile(ms, 50), Load.percentile(ms, 95), Load.percentile(ms, 100));
        }
    }

    /** A single call slower than this drops its scenario from the rest of the run (reported with n = 1). */
    static final long BUDGET_MS = Long.getLong("bench.budgetMs", 2000);

    /**
     * {@code warmup} unmeasured calls of each, then {@code rounds} × {@code perRound} measured calls of
     * each. A scenario whose first call takes longer than {@link #BUDGET_MS} is measured by that call only.
     */
    static List<Figures> interleaved(List<Scenario> scenarios, int warmup, int rounds, int perRound) throws Exception {
        Map<String, Figures> tooSlow = new LinkedHashMap<>();
        for (Scenario s : scenarios) {
            long t0 = System.nanoTime();
            boolean answered = withinBudget(s);
            double first = (System.nanoTime() - t0) / 1e6;
            if (!answered) {
                tooSlow.put(s.name(), Figures.of(s.name() + " [no answer in " + BUDGET_MS + " ms, cancelled]", List.of(first)));
                continue;
            }
            if (first > BUDGET_MS) {
                tooSlow.put(s.name(), Figures.of(s.name() + " [1 call, over budget]", List.of(first)));
                continue;
            }
            for (int i = 1; i < warmup; i++) {
                s.call().call();
            }
        }
        Map<String, List<Double>> times = new LinkedHashMap<>();
        scenarios.forEach(s -> times.put(s.name(), new ArrayList<>()));
        for (int r = 0; r < rounds; r++) {
            for (Scenario s : scenarios) {
                if (tooSlow.containsKey(s.name())) {
                    continue;
                }
                for (int i = 0; i < perRound; i++) {
                    long t0 = System.nanoTime();
                    s.call().call();
                    times.get(s.name()).add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        return times.entrySet().stream().map(e -> tooSlow.getOrDefault(e.getKey(), Figures.of(e.getKey(), e.getValue()))).toList();
    }

    /**
     * One call, cancelled with the scenario's {@code cancel} if it has not answered within the
     * budget; false then. Scenarios without {@code cancel} are simply waited for.
     */
    static boolean withinBudget(Scenario s) throws Exception {
        if (s.cancel() == null) {
            s.call().call();
            return true;
        }
        java.util.concurrent.ExecutorService one = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<?> answer = one.submit(s.call());
            try {
                answer.get(BUDGET_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                // again until it gives up: over HTTP the statement may not have started at the first cancel
                while (true) {
                    s.cancel().run();
                    try {
                        answer.get(500, java.util.concurrent.TimeUnit.MILLISECONDS);
                        return false;
                    } catch (java.util.concurrent.ExecutionException cancelled) {
                        return false;
                    } catch (java.util.concurrent.TimeoutException stillRunning) {
                        // cancel again
                    }
                }
            }
        } finally {
            one.shutdown();
        }
    }

    /** The first {@code n} calls of one scenario, each measured: what a user sees right after a change. */
    static Figures first(Scenario scenario, int n) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            scenario.call().call();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        return Figures.of(scenario.name() + " (first " + n + ")", ms);
    }

    private Samples() {
    }
}
