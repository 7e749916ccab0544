package tw.kuayu.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseStatus;

/**
 * Sign-in against an in-process LDAP directory holding two agencies' accounts (test/resources/ldap):
 * directory groups become Kuayu's groups, so a tax clerk files and a tax chief approves a land-tax
 * case through the API, an urban-development clerk is kept out, and a wrong password is 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kuayu.security.ldap.enabled=true", "spring.ldap.base=dc=kuayu,dc=tw",
        "kuayu.security.ldap.group-mapping.[稅捐處核定人員]=tpe-tax.approver"})
@ActiveProfiles({"demo", "test"})
class LdapSignInTest {

    static final InMemoryDirectoryServer DIRECTORY = start();

    static InMemoryDirectoryServer start() {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=kuayu,dc=tw");
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
            config.setSchema(null);
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            server.importFromLDIF(true, LdapSignInTest.class.getResource("/ldap/kuayu-agencies.ldif").getPath());
            server.startListening();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void directory(DynamicPropertyRegistry registry) {
        registry.add("spring.ldap.urls", () -> "ldap://localhost:" + DIRECTORY.getListenPort());
    }

    @AfterAll
    static void stop() {
        DIRECTORY.shutDown(true);
    }

    @LocalServerPort
    int port;

    Answer as(String user, String password, String method, String path, Object body) {
        ApiClient api = new ApiClient(port);
        String auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        try {
            byte[] bytes = body == null ? null : new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(body);
            return api.send(method, path, null, body == null ? null : "application/json", bytes, "Authorization", auth);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode waitForTask(String caseId, String step, String user) {
        return await("a " + step + " task for " + user).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode t : as(user, "secret", "GET", "/api/tasks?size=200", null).json().path("items")) {
                if (t.path("caseId").asText().equals(caseId) && t.path("step").asText().equals(step)) {
                    return t;
                }
            }
            return null;
        }, java.util.Objects::nonNull);
    }

    @Test
    void directoryUsersFileAndDecideACaseAndOtherAgenciesAreKeptOut() throws Exception {
        Answer filed = as("chen.clerk", "secret", "POST", "/api/cases", Map.of("caseType", "land-value-tax-self-use",
                "applicant", Map.of("nationalId", "A123456789", "name", "王小明"), "data", Map.of("parcelNo", "大安區龍泉段二小段0123-0000")));
        assertThat(filed.status()).as(filed.text()).isEqualTo(201);
        String id = filed.json().path("id").asText();

        JsonNode review = waitForTask(id, "review", "chen.clerk");
        assertThat(as("wu.udd", "secret", "GET", "/api/cases/" + id, null).status()).as("another agency").isEqualTo(404);
        assertThat(as("wu.udd", "secret", "POST", "/api/tasks/" + review.path("id").asText() + "/complete",
                Map.of("action", "approve")).status()).isEqualTo(403);
        assertThat(as("wu.udd", "secret", "GET", "/api/tasks?size=200", null).text()).doesNotContain(id);

        assertThat(as("chen.clerk", "secret", "POST", "/api/tasks/" + review.path("id").asText() + "/complete",
                Map.of("action", "approve", "opinion", "資料相符，擬准。")).status()).isEqualTo(204);
        JsonNode approve = waitForTask(id, "approve", "lee.chief");
        assertThat(as("chen.clerk", "secret", "POST", "/api/tasks/" + approve.path("id").asText() + "/complete",
                Map.of("action", "approve")).status()).as("a clerk is not in the mapped approver group").isEqualTo(403);
        assertThat(as("lee.chief", "secret", "POST", "/api/tasks/" + approve.path("id").asText() + "/complete",
                Map.of("action", "approve", "opinion", "准。")).status()).isEqualTo(204);

        String status = await("the decision").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> as("chen.clerk", "secret", "GET", "/api/cases/" + id, null).json().path("status").asText(),
                        s -> !s.equals(CaseStatus.IN_PROGRESS));
        assertThat(status).isEqualTo(CaseStatus.APPROVED);
    }

    @Test
    void aWrongPasswordOrAnEngineOnlyAccountIs401() {
        Answer wrong = as("chen.clerk", "wrong", "GET", "/api/tasks", null);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(as("nobody", "secret", "GET", "/api/tasks", null).status()).isEqualTo(401);
        assertThat(as("tax.clerk", "demo", "GET", "/api/tasks", null).status()).as("the engine's demo account is not asked").isEqualTo(401);
    }
}
