package tw.kuayu.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent so far by this JVM (the engines and the client threads) and by every PostgreSQL
 * process on the machine (Linux /proc: user and system time of each {@code postgres} process, plus
 * what the postmaster has reaped from ended backends), so that a scenario's cost per case can be
 * compared and not only its latency.
 */
final class CpuMeter {

    private static final double TICK_NANOS = 1e9 / 100; // USER_HZ: 100 on Linux

    /** {@code jitNanos} and {@code gcNanos}: the part of {@code jvmNanos} spent by the JIT compiler and the garbage collector threads. */
    record Reading(long jvmNanos, long postgresNanos, long jitNanos, long gcNanos) {
        Reading since(Reading before) {
            return new Reading(jvmNanos - before.jvmNanos, postgresNanos - before.postgresNanos,
                    jitNanos - before.jitNanos, gcNanos - before.gcNanos);
        }
    }

    static Reading now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        long[] jitAndGc = jitAndGcNanos();
        return new Reading(jvm, postgresNanos(), jitAndGc[0], jitAndGc[1]);
    }

    /** The CPU of this JVM's C1/C2 compiler threads and G1's threads so far (Linux /proc/self/task). */
    private static long[] jitAndGcNanos() {
        long jit = 0;
        long gc = 0;
        try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : threads.toList()) {
                Stat stat = Stat.of(t);
                if (stat == null) {
                    continue;
                }
                if (stat.name().startsWith("C1 Compiler") || stat.name().startsWith("C2 Compiler")) {
                    jit += stat.ownTicks();
                } else if (stat.name().startsWith("GC Thread") || stat.name().startsWith("G1 ")) {
                    gc += stat.ownTicks();
                }
            }
        } catch (IOException notLinux) {
            return new long[] {-1, -1};
        }
        return new long[] {(long) (jit * TICK_NANOS), (long) (gc * TICK_NANOS)};
    }

    private static long postgresNanos() {
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path p : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                Stat stat = Stat.of(p);
                if (stat != null && stat.name().startsWith("postgres")) {
                    ticks += stat.ownTicks() + stat.reapedChildrenTicks();
                }
            }
        } catch (IOException notLinux) {
            return -1;
        }
        return (long) (ticks * TICK_NANOS);
    }

    /** A process's or thread's {@code stat}: its name and CPU ticks (user + system), its own and its ended children's. */
    private record Stat(String name, long ownTicks, long reapedChildrenTicks) {

        /** Null when the process or thread ended while being read. */
        static Stat of(Path dir) {
            try {
                String stat = Files.readString(dir.resolve("stat"));
                int close = stat.lastIndexOf(')');
                // after "pid (comm) ": state is f[0], so utime, stime, cutime, cstime are fields 14–17 of stat
                String[] f = stat.substring(close + 2).split(" ");
                return new Stat(stat.substring(stat.indexOf('(') + 1, close), Long.parseLong(f[11]) + Long.parseLong(f[12]),
                        Long.parseLong(f[13]) + Long.parseLong(f[14]));
            } catch (IOException | RuntimeException ended) {
                return null;
            }
        }
    }
}
