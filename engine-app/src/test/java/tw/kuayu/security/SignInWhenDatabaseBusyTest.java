package tw.kuayu.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;

/**
 * HTTP Basic sign-in asks the engine's identity store; when the connection pool is exhausted
 * (found by the load run) the caller gets 503 with Retry-After, like any request that finds the
 * database busy, and not 500 or a 401 that would read as a wrong password. Once connections are
 * free the same credentials are accepted: the busy answer was not counted as a failed login.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.hikari.maximum-pool-size=4", "camunda.bpm.job-execution.max-pool-size=3",
        "spring.datasource.hikari.connection-timeout=250",
        "kuayu.api.retry-after=4s", "kuayu.security.credentials-cache-ttl=0s"})
@ActiveProfiles({"demo", "test"})
class SignInWhenDatabaseBusyTest {

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;

    @Test
    void anExhaustedPoolAnswers503WithRetryAfterAndTheSameCredentialsWorkAfterwards() throws SQLException {
        ApiClient api = new ApiClient(port);
        List<Connection> held = takeEveryConnection();
        Answer busy;
        try {
            assertThat(held).hasSize(4);
            busy = api.get("/api/tasks", "tax.clerk");
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        assertThat(busy.status()).as(busy.text()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("4");
        assertThat(busy.contentType()).startsWith("application/problem+json");
        assertThat(busy.json().path("title").asText()).isEqualTo("系統忙碌");
        assertThat(busy.json().path("detail").asText()).contains("4 秒後");

        Answer signedIn = api.get("/api/tasks", "tax.clerk");
        assertThat(signedIn.status()).as(signedIn.text()).isEqualTo(200);
        String wrongPassword = "Basic " + Base64.getEncoder().encodeToString("tax.clerk:wrong".getBytes(StandardCharsets.UTF_8));
        assertThat(api.send("GET", "/api/tasks", null, null, null, "Authorization", wrongPassword).status()).isEqualTo(401);
    }

    /** All 4, waiting out a job executor's acquisition that holds one for a moment (each try waits 250 ms). */
    private List<Connection> takeEveryConnection() {
        List<Connection> held = new ArrayList<>();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (held.size() < 4 && System.nanoTime() < deadline) {
            try {
                held.add(dataSource.getConnection());
            } catch (SQLException busyForNow) {
                // another holder releases it soon
            }
        }
        return held;
    }
}
