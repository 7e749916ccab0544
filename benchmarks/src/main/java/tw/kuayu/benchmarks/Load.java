package tw.kuayu.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs cases on a fixed number of threads and measures throughput and per-case latency. */
final class Load {

    /** One case from start to its end; returns an id to read timestamps back by (or null). */
    interface CaseRun {
        String run(int n) throws Exception;
    }

    /** {@code cpu}: CPU spent by this JVM and by PostgreSQL during the scenario ({@link CpuMeter}). */
    record Result(String scenario, int cases, double seconds, List<Double> latenciesMs, List<String> ids, CpuMeter.Reading cpu) {
        double perSecond() {
            return cases / seconds;
        }

        double jvmCpuMsPerCase() {
            return cpu.jvmNanos() / 1e6 / cases;
        }

        double jitCpuMsPerCase() {
            return cpu.jitNanos() / 1e6 / cases;
        }

        double gcCpuMsPerCase() {
            return cpu.gcNanos() / 1e6 / cases;
        }

        double postgresCpuMsPerCase() {
            return cpu.postgresNanos() / 1e6 / cases;
        }

        double median() {
            return percentile(latenciesMs, 50);
        }

        double p95() {
            return percentile(latenciesMs, 95);
        }
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    static Result run(String scenario, int threads, int cases, CaseRun body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        CpuMeter.Reading cpu = CpuMeter.now();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int n = next.getAndIncrement(); n < cases; n = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    String id = body.run(n);
                    latencies.add((System.nanoTime() - t0) / 1e6);
                    if (id != null) {
                        ids.add(id);
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(scenario, cases, seconds, latencies, ids, CpuMeter.now().since(cpu));
    }
}
