package tw.kuayu.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tw.kuayu.cases.ApiClient.Answer;

/**
 * The README's demo command, for real: the packaged jar started with the demo profile in its own
 * JVM, then a land-tax case filed, approved and decided through the API as a new user would.
 */
class DemoJarIT {

    static Process app;
    static Path dataDir;
    static Path log;
    static ApiClient api;

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        File jar = new File("target/kuayu-engine.jar");
        assertThat(jar).as("the runnable jar is built by mvn package").exists();
        int port = freePort();
        dataDir = Files.createTempDirectory("kuayu-demo-it");
        log = dataDir.resolve("app.log");
        app = new ProcessBuilder(List.of(System.getProperty("java.home") + "/bin/java", "-jar", jar.getPath(),
                "--spring.profiles.active=demo", "--server.port=" + port, "--kuayu.data-dir=" + dataDir,
                "--kuayu.standin.port=" + freePort()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        api = new ApiClient(port);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(app.isAlive()).as("the demo jar exited early; see " + log).isTrue();
            try {
                return api.get("/actuator/health", null).text().contains("\"UP\"");
            } catch (IllegalStateException notYetListening) {
                return false;
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.destroy();
            app.waitFor();
        }
    }

    @Test
    void aNewUserFilesAndDecidesALandTaxCase() throws Exception {
        assertThat(Files.readString(log)).contains("Kuayu is ready");
        Answer filed = api.postJson("/api/cases", "tax.clerk", Map.of("caseType", "land-value-tax-self-use",
                "applicant", Map.of("nationalId", "A123456789", "name", "王小明"),
                "data", Map.of("parcelNo", "大安區龍泉段二小段0123-0000")));
        assertThat(filed.status()).as(filed.text()).isEqualTo(201);
        String id = filed.json().path("id").asText();

        completeStep(id, "review", "tax.clerk");
        completeStep(id, "approve", "tax.chief");
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get("/api/cases/" + id, "tax.clerk").json().path("status").asText(), "approved"::equals);

        Answer pdf = api.get("/api/cases/" + id + "/decision.pdf", "tax.clerk");
        assertThat(pdf.status()).isEqualTo(200);
        LandValueTaxEndToEndTest.assertPdfsigAccepts(pdf.body());
        assertThat(api.send("POST", "/api/decisions/verify", null, "application/pdf", pdf.body()).json().path("valid").asBoolean())
                .isTrue();
        assertThat(Files.readString(log)).doesNotContain("A123456789");
    }

    private void completeStep(String caseId, String step, String user) {
        JsonNode task = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(300)).until(() -> {
            for (JsonNode t : api.get("/api/cases/" + caseId, user).json().path("tasks")) {
                if (t.path("step").asText().equals(step)) {
                    return t;
                }
            }
            return null;
        }, t -> t != null);
        Answer done = api.postJson("/api/tasks/" + task.path("id").asText() + "/complete", user, Map.of("action", "approve"));
        assertThat(done.status()).as(done.text()).isEqualTo(204);
    }
}
