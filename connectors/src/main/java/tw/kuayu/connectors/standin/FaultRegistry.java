package tw.kuayu.connectors.standin;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The faults currently injected, per source. Thread-safe. */
public final class FaultRegistry {

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    /** Per source: released whenever that source's fault changes, so held requests end at once. */
    private final Map<String, CountDownLatch> releases = new ConcurrentHashMap<>();

    public void set(String source, Fault fault) {
        AgencyStandIn.requireSource(source);
        faults.put(source, fault);
        release(source);
    }

    /** Heals the source. */
    public void clear(String source) {
        AgencyStandIn.requireSource(source);
        faults.remove(source);
        release(source);
    }

    public void clearAll() {
        faults.clear();
        releases.keySet().forEach(this::release);
    }

    public Optional<Fault> get(String source) {
        return Optional.ofNullable(faults.get(source));
    }

    public Map<String, Fault> all() {
        return new TreeMap<>(faults);
    }

    /**
     * Holds the calling request thread for up to {@code millis}, or until the source's fault changes.
     *
     * @return true when the full time passed
     */
    boolean hold(String source, long millis) {
        CountDownLatch latch = releases.computeIfAbsent(source, k -> new CountDownLatch(1));
        try {
            return !latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void release(String source) {
        CountDownLatch old = releases.put(source, new CountDownLatch(1));
        if (old != null) {
            old.countDown();
        }
    }

    void releaseAll() {
        releases.keySet().forEach(this::release);
    }
}
