package tw.kuayu.benchmarks;

import java.io.File;
import java.time.Duration;
import org.awaitility.Awaitility;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tw.kuayu.load.LoadRun;

/** Start-up time to ready ({@code /actuator/health} UP) and resident memory of the packaged demo jar. */
final class DemoJarProbe {

    record Figures(double secondsToReady, long rssKb, long rssAfterCaseKb) {
    }

    static Figures measure(File jar) throws Exception {
        Path dir = Files.createTempDirectory("kuayu-bench-jar");
        int port = freePort();
        long t0 = System.nanoTime();
        Process app = new ProcessBuilder(List.of(System.getProperty("java.home") + "/bin/java", "-jar", jar.getPath(),
                "--spring.profiles.active=demo", "--server.port=" + port, "--kuayu.data-dir=" + dir,
                "--kuayu.standin.port=" + freePort()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("app.log").toFile()).start();
        try {
            Http http = new Http(port);
            Awaitility.await("demo jar ready; see " + dir.resolve("app.log")).atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(200)).failFast("the demo jar exited; see " + dir.resolve("app.log"), () -> !app.isAlive())
                    .until(() -> up(http));
            double ready = (System.nanoTime() - t0) / 1e9;
            long rss = rssKb(app.pid());
            new KuayuFlows(port).landTax(0);
            return new Figures(ready, rss, rssKb(app.pid()));
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    private static boolean up(Http http) {
        try {
            return http.get("/actuator/health", null).body().contains("\"UP\"");
        } catch (IllegalStateException notListening) {
            return false;
        }
    }

    static long rssKb(long pid) {
        return LoadRun.rssKb(pid);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
