package tw.kuayu.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * HTTP Basic answered from {@link VerifiedCredentials}, and every way an identity changes ending
 * the cached answer at once: a password changed through the engine or by the user through Camunda's REST API,
 * a group membership removed, a user deleted, a wrong password (after which the engine's login
 * throttling decides again). The engine's delay after a failed login is raised to a minute here so
 * that "refused during the delay" does not depend on the machine's speed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.generic-properties.properties.loginDelayBase=60")
@ActiveProfiles({"demo", "test"})
class CredentialsCacheTest {

    static final String USER = "cache.probe";

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identity;
    @Autowired
    VerifiedCredentials verified;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void probeUser() {
        User user = identity.newUser(USER);
        user.setFirstName("快取");
        user.setLastName("測試");
        user.setPassword("first-Password-1");
        identity.saveUser(user);
        identity.createMembership(USER, Roles.AUDITORS);
    }

    @AfterEach
    void removeProbe() {
        identity.deleteUser(USER);
    }

    @Test
    void aRepeatedRequestIsAnsweredFromTheCache() {
        assertThat(audit("first-Password-1")).isEqualTo(200);
        long hits = verified.hits();
        assertThat(audit("first-Password-1")).isEqualTo(200);
        assertThat(audit("first-Password-1")).isEqualTo(200);
        assertThat(verified.hits()).isEqualTo(hits + 2);
    }

    @Test
    void aPasswordChangedThroughTheEngineEndsTheOldOneAtOnce() {
        assertThat(audit("first-Password-1")).isEqualTo(200);
        User user = identity.createUserQuery().userId(USER).singleResult();
        user.setPassword("second-Password-2");
        identity.saveUser(user);
        assertThat(audit("second-Password-2")).isEqualTo(200);
        // last: a refused password starts the engine's delay for this user
        assertThat(audit("first-Password-1")).isEqualTo(401);
    }

    @Test
    void aPasswordChangedThroughCamundasRestApiEndsTheOldOneAtOnce() throws Exception {
        assertThat(audit("first-Password-1")).isEqualTo(200);
        HttpResponse<String> changed = http.send(HttpRequest.newBuilder(URI.create(base() + "/engine-rest/user/" + USER + "/credentials"))
                .header("Authorization", basic(USER, "first-Password-1")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"password\":\"rest-Password-3\",\"authenticatedUserPassword\":"
                        + "\"first-Password-1\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        assertThat(audit("rest-Password-3")).isEqualTo(200);
        assertThat(audit("first-Password-1")).isEqualTo(401);
    }

    @Test
    void aRemovedGroupMembershipEndsItsAuthorityAtOnce() {
        assertThat(audit("first-Password-1")).isEqualTo(200);
        identity.deleteMembership(USER, Roles.AUDITORS);
        assertThat(audit("first-Password-1")).as("signed in, no longer an auditor").isEqualTo(403);
    }

    @Test
    void aDeletedUserIsRefusedAtOnce() {
        assertThat(audit("first-Password-1")).isEqualTo(200);
        identity.deleteUser(USER);
        assertThat(audit("first-Password-1")).isEqualTo(401);
    }

    @Test
    void aWrongPasswordHandsTheNextRequestToTheEnginesLoginThrottling() {
        assertThat(audit("first-Password-1")).isEqualTo(200);
        assertThat(audit("wrong-Password")).isEqualTo(401);
        assertThat(audit("first-Password-1")).as("the engine's delay after a failed login, not the cache, decides").isEqualTo(401);
        identity.unlockUser(USER);
        assertThat(audit("first-Password-1")).isEqualTo(200);
    }

    private int audit(String password) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base() + "/api/audit/data-access?user=nobody&size=1"))
                    .header("Authorization", basic(USER, password)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
