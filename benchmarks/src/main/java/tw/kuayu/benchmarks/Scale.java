package tw.kuayu.benchmarks;

import java.util.Arrays;
import java.util.List;

/** What the large-volume benchmarks print around their tables: machine, load average, duration. */
final class Scale {

    static List<Long> sizes(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim).map(Long::parseLong).toList();
    }

    static void header(String title, String settings) {
        System.out.println(title);
        System.out.println(settings);
        System.out.printf("machine: %d cores, %s, Java %s, %d MB max heap; load before: %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), ThroughputBenchmark.load());
    }

    static void footer(long startNanos) {
        System.out.printf("%nload after: %s; whole run %.0f s%n", ThroughputBenchmark.load(), (System.nanoTime() - startNanos) / 1e9);
    }

    private Scale() {
    }
}
