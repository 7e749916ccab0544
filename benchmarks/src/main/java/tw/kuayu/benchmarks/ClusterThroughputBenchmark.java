package tw.kuayu.benchmarks;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import org.awaitility.Awaitility;

/**
 * Throughput of one against two engine-app nodes on one PostgreSQL: the packaged demo jar started
 * twice (node A with the agency stand-in, node B pointing its connectors at it; one shared data
 * directory for the demo keys, as docs/operations.md "Running a cluster" says), the same flows as
 * {@link ThroughputBenchmark} alternating land tax and public housing, first all on node A, then
 * spread over both nodes, with the same number of clients and with twice as many.
 */
public final class ClusterThroughputBenchmark {

    static final int THREADS = Integer.getInteger("bench.threads", 4);
    static final int CASES = Integer.getInteger("bench.cases", 40);
    static final int WARMUP = Integer.getInteger("bench.warmup", 8);
    static final List<String> SOURCES = List.of("household", "land", "tax", "business", "welfare");

    public static void main(String[] args) throws Exception {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        File jar = new File(System.getProperty("bench.jar", "../engine-app/target/kuayu-engine.jar"));
        if (!jar.exists()) {
            throw new IllegalStateException(jar + " not found: mvn -pl engine-app -am package -DskipTests first");
        }
        System.out.printf("Kuayu two-node throughput: %d threads, %d cases per scenario; load before: %s%n", THREADS, CASES,
                ThroughputBenchmark.load());
        long t0 = System.nanoTime();
        List<Load.Result> results = new ArrayList<>();
        Path dir = Files.createTempDirectory("kuayu-cluster-bench");
        List<Process> nodes = new ArrayList<>();
        // data directory outside /tmp (BenchPostgres): other embedded servers on a shared machine stop stale /tmp/epg* ones
        // the nodes stop before the database does, or their shutdown waits on a server that is gone
        try (BenchPostgres postgres = new BenchPostgres(); AutoCloseable stopNodes = () -> stop(nodes)) {
            String url = postgres.database("cluster");
            int standIn = freePort();
            int portA = freePort();
            int portB = freePort();
            List<String> common = List.of("--spring.profiles.active=demo", "--spring.datasource.url=" + url,
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--kuayu.data-dir=" + dir.resolve("shared"), "--logging.level.root=warn");
            List<String> a = new ArrayList<>(common);
            a.addAll(List.of("--server.port=" + portA, "--kuayu.standin.port=" + standIn));
            nodes.add(start(jar, a, dir.resolve("node-a.log")));
            awaitUp(portA, nodes.get(0), dir.resolve("node-a.log"));
            List<String> b = new ArrayList<>(common);
            b.addAll(List.of("--server.port=" + portB, "--kuayu.standin.enabled=false"));
            SOURCES.forEach(source -> b.add("--kuayu.connectors.sources." + source + ".base-url=http://localhost:" + standIn));
            nodes.add(start(jar, b, dir.resolve("node-b.log")));
            awaitUp(portB, nodes.get(1), dir.resolve("node-b.log"));

            KuayuFlows nodeA = new KuayuFlows(portA);
            KuayuFlows nodeB = new KuayuFlows(portB);
            Load.run("warm-up", THREADS, WARMUP, n -> mixed(nodeA, n));
            Load.run("warm-up", THREADS, WARMUP, n -> mixed(nodeB, n));
            for (int threads : List.of(THREADS, 2 * THREADS)) {
                results.add(Load.run("one node, " + threads + " clients", threads, CASES, n -> mixed(nodeA, n)));
                results.add(Load.run("two nodes, " + threads + " clients", threads, CASES,
                        n -> mixed((n / 2) % 2 == 0 ? nodeA : nodeB, n)));
            }
        }
        System.out.printf("%n%-40s %6s %8s %10s %9s%n", "scenario (land tax and housing alternating)", "cases", "cases/s",
                "median ms", "p95 ms");
        for (Load.Result r : results) {
            System.out.printf("%-40s %6d %8.2f %10.0f %9.0f%n", r.scenario(), r.cases(), r.perSecond(), r.median(), r.p95());
        }
        System.out.printf("%nload after: %s; whole run %.0f s; node logs in %s%n", ThroughputBenchmark.load(),
                (System.nanoTime() - t0) / 1e9, dir);
        System.exit(0);
    }

    private static void stop(List<Process> nodes) throws InterruptedException {
        for (Process node : nodes) {
            node.destroy();
            node.waitFor();
        }
    }

    private static String mixed(KuayuFlows node, int n) {
        return n % 2 == 0 ? node.landTax(n) : node.housing(n);
    }

    private static Process start(File jar, List<String> arguments, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx768m", "-jar",
                jar.getPath()));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitUp(int port, Process node, Path log) {
        Http http = new Http(port);
        Awaitility.await("node on port " + port + " ready; see " + log).atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500)).failFast("the node exited; see " + log, () -> !node.isAlive())
                .until(() -> {
                    try {
                        return http.get("/actuator/health", null).body().contains("\"UP\"");
                    } catch (IllegalStateException notListening) {
                        return false;
                    }
                });
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
