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

    record Reading(long jvmNanos, long postgresNanos) {
        Reading since(Reading before) {
            return new Reading(jvmNanos - before.jvmNanos, postgresNanos - before.postgresNanos);
        }
    }

    static Reading now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        return new Reading(jvm, postgresNanos());
    }

    private static long postgresNanos() {
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path p : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(stat.indexOf('(') + 1, close).startsWith("postgres")) {
                        continue;
                    }
                    String[] f = stat.substring(close + 2).split(" ");
                    // after "pid (comm) ": state is f[0], so utime, stime, cutime, cstime are fields 14–17 of stat
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                } catch (IOException | RuntimeException ended) {
                    // the process ended while being read
                }
            }
        } catch (IOException notLinux) {
            return -1;
        }
        return (long) (ticks * TICK_NANOS);
    }
}
