package tw.kuayu.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;

/**
 * With LDAP sign-in on, the engine reads users and groups from the same in-process directory as
 * {@link LdapSignInTest}: the Camunda webapps and {@code /engine-rest} take the directory password, and
 * the engine's authorizations (granted to group ids) apply to the directory's groups. A directory user
 * in no group signs in but gets nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kuayu.security.ldap.enabled=true", "spring.ldap.base=dc=kuayu,dc=tw",
        "kuayu.security.ldap.group-mapping.[稅捐處核定人員]=tpe-tax.approver"})
@ActiveProfiles({"demo", "test"})
class LdapEngineIdentityTest {

    static final InMemoryDirectoryServer DIRECTORY = LdapSignInTest.start();

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

    @Autowired
    IdentityService identity;

    final ObjectMapper json = new ObjectMapper();

    Answer as(String user, String password, String method, String path, Object body) throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        byte[] bytes = body == null ? null : json.writeValueAsBytes(body);
        return new ApiClient(port).send(method, path, null, body == null ? null : "application/json", bytes, "Authorization", auth);
    }

    @Test
    void theEngineSeesTheDirectorysUsersAndGroups() {
        assertThat(identity.isReadOnly()).as("the directory is the identity store").isTrue();
        assertThat(identity.createUserQuery().userId("chen.clerk").singleResult().getFirstName()).isEqualTo("陳承辦");
        assertThat(identity.createGroupQuery().groupMember("lee.chief").list()).extracting(g -> g.getId())
                .contains("tpe-tax", "稅捐處核定人員");
        assertThat(identity.checkPassword("chen.clerk", "secret")).isTrue();
        assertThat(identity.checkPassword("chen.clerk", "wrong")).isFalse();
        assertThat(identity.createUserQuery().userId("tax.clerk").count()).as("the demo accounts are not created").isZero();
    }

    @Test
    void theEngineRestApiTakesTheDirectoryPasswordAndAppliesTheGroupsAuthorizations() throws Exception {
        Answer filed = as("chen.clerk", "secret", "POST", "/api/cases", Map.of("caseType", "land-value-tax-self-use",
                "applicant", Map.of("nationalId", "A123456789", "name", "王小明"), "data", Map.of("parcelNo", "大安區龍泉段二小段0123-0000")));
        assertThat(filed.status()).as(filed.text()).isEqualTo(201);
        String caseNo = filed.json().path("caseNo").asText();
        String tasksOfCase = "/engine-rest/task?processInstanceBusinessKey=" + caseNo;

        JsonNode clerks = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> as("chen.clerk", "secret", "GET", tasksOfCase, null).json(), tasks -> tasks.size() == 1);
        assertThat(clerks.get(0).path("name").asText()).isNotBlank();
        assertThat(as("wu.udd", "secret", "GET", tasksOfCase, null).json()).as("another agency's directory group").isEmpty();
        Answer nobody = as("lin.nogroup", "secret", "GET", tasksOfCase, null);
        assertThat(nobody.status()).as("signed in, but in no group").isEqualTo(200);
        assertThat(nobody.json()).isEmpty();
        assertThat(as("lin.nogroup", "secret", "GET", "/engine-rest/process-definition", null).json()).isEmpty();
        assertThat(as("chen.clerk", "wrong", "GET", tasksOfCase, null).status()).isEqualTo(401);
        assertThat(as("tax.clerk", "demo", "GET", tasksOfCase, null).status()).as("no engine-only accounts").isEqualTo(401);
        assertThat(as("it.admin", "secret", "GET", "/engine-rest/process-definition?latestVersion=true", null).json())
                .as("the directory's camunda-admin group administers the engine").isNotEmpty();
    }

    @Test
    void theWebappsSignInWithTheDirectoryPasswordAndOpenOnlyWhatTheGroupMayUse() {
        assertThat(webappLogin("chen.clerk", "secret", "tasklist").statusCode()).as("tpe-tax may use the Tasklist").isEqualTo(200);
        assertThat(webappLogin("chen.clerk", "secret", "cockpit").statusCode()).as("but not Cockpit").isEqualTo(403);
        assertThat(webappLogin("lin.nogroup", "secret", "tasklist").statusCode()).as("no group, no application").isEqualTo(403);
        assertThat(webappLogin("chen.clerk", "wrong", "tasklist").statusCode()).isEqualTo(401);
        assertThat(webappLogin("it.admin", "secret", "admin").statusCode()).isEqualTo(200);
    }

    /** The webapps' own login (Camunda's CSRF token from a first page view, then the login form). */
    HttpResponse<String> webappLogin(String user, String password, String app) {
        OidcVisitor visitor = new OidcVisitor();
        visitor.go(URI.create("http://localhost:" + port + "/camunda/app/" + app + "/default/"));
        String xsrf = visitor.cookie("localhost", "XSRF-TOKEN");
        HttpRequest.Builder login = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/camunda/api/admin/auth/user/default/login/" + app))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(OidcVisitor.form(Map.of("username", user, "password", password))));
        if (xsrf != null) {
            login.header("X-XSRF-TOKEN", xsrf);
        }
        return visitor.send(login.build());
    }
}
