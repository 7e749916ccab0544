package tw.kuayu.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.CaseDriver;

/** One engine-app node of a test cluster: the packaged jar in its own JVM, with the demo profile. */
final class ClusterNode {

    final String name;
    final int port;
    final Path log;
    final CaseDriver cases;
    private Process process;

    ClusterNode(String name, Path logDir) throws IOException {
        this.name = name;
        this.port = freePort();
        this.log = logDir.resolve("node-" + name + ".log");
        this.cases = new CaseDriver(port);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    ApiClient api() {
        return cases.api;
    }

    void start(List<String> arguments) throws IOException {
        File jar = new File("target/kuayu-engine.jar");
        assertThat(jar).as("the runnable jar is built by mvn package").exists();
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java",
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", jar.getPath(),
                "--spring.profiles.active=demo", "--server.port=" + port));
        command.addAll(arguments);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    void awaitUp() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(process.isAlive()).as("node " + name + " exited early; see " + log).isTrue();
            return isUp();
        });
    }

    boolean isUp() {
        try {
            return api().get("/actuator/health", null).text().contains("\"UP\"");
        } catch (IllegalStateException notYetListening) {
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no job executor stop, locked jobs stay locked until their lock expires. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logText() throws IOException {
        return Files.readString(log);
    }
}
