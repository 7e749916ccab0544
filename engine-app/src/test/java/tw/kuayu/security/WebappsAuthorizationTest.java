package tw.kuayu.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.camunda.bpm.admin.impl.web.AdminApplication;
import org.camunda.bpm.cockpit.impl.web.CockpitApplication;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.rest.impl.CamundaRestResources;
import org.camunda.bpm.tasklist.impl.web.TasklistApplication;
import org.camunda.bpm.welcome.impl.web.WelcomeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.CaseDriver;
import tw.kuayu.security.EngineRestEndpoints.Endpoint;

/**
 * The Camunda webapps (Tasklist, Cockpit, Admin, Welcome) and their backends under {@code /camunda/api/**}
 * × the kinds of user of {@link AuthorizationMatrixTest}: who may sign in to which app, that every backend
 * endpoint (enumerated from the webapps' own JAX-RS applications) refuses anonymous callers, and that the
 * data behind them keeps to the caller's agency. Rules: docs/security.md, decision 032.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
public class WebappsAuthorizationTest {

    static final List<String> APPS = List.of("tasklist", "cockpit", "admin", "welcome");
    /** Who may open which app: agencies the Tasklist, managers Cockpit, Camunda admins (the demo's owner) all; Welcome everyone. */
    static final Map<String, List<String>> MAY_OPEN = new LinkedHashMap<>();

    static {
        MAY_OPEN.put("tax.clerk", List.of("tasklist", "welcome"));
        MAY_OPEN.put("fire.reviewer", List.of("tasklist", "welcome"));
        MAY_OPEN.put("manager", List.of("cockpit", "welcome"));
        MAY_OPEN.put("auditor", List.of("welcome"));
        MAY_OPEN.put("owner", APPS);
    }

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtime;
    @Autowired
    RepositoryService repository;
    @Autowired
    IdentityService identity;

    /** One browser: its cookies (session, XSRF-TOKEN) and the CSRF token Camunda's filter hands out. */
    final class Session {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String token = "";

        Reply send(String method, String path, String contentType, String body) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .header("Accept", "application/json, text/html").header("X-XSRF-TOKEN", token);
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                r.headers().firstValue("X-XSRF-TOKEN").ifPresent(t -> token = t);
                return new Reply(r.statusCode(), r.body());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        Reply get(String path) {
            return send("GET", path, null, null);
        }

        /** Signs in through the webapps' own login, as the app's login form does; the answer's status. */
        int login(String app, String user, String password) {
            get("/camunda/app/" + app + "/default/");
            Reply r = send("POST", "/camunda/api/admin/auth/user/default/login/" + app, "application/x-www-form-urlencoded",
                    "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=" + password);
            get("/camunda/app/" + app + "/default/"); // a new session after sign-in: fetch its token
            return r.status();
        }
    }

    record Reply(int status, String text) {
    }

    @Test
    void eachUserSignsInOnlyToTheAppsTheirRoleOpens() {
        List<String> wrong = new ArrayList<>();
        MAY_OPEN.forEach((user, allowed) -> {
            for (String app : APPS) {
                Session s = new Session();
                int status = s.login(app, user, "demo");
                int expected = allowed.contains(app) ? 200 : 403;
                if (status != expected) {
                    wrong.add(user + " signing in to " + app + ": " + status + ", expected " + expected);
                }
                if (status != 200) {
                    continue;
                }
                for (String page : APPS) {
                    int opened = s.get("/camunda/app/" + page + "/default/").status();
                    int may = allowed.contains(page) ? 200 : 403;
                    if (opened != may) {
                        wrong.add(user + " (signed in to " + app + ") opening " + page + ": " + opened + ", expected " + may);
                    }
                }
            }
        });
        // a wrong password (an unknown user, so as not to lock a real one) and no sign-in at all
        for (String app : APPS) {
            int status = new Session().login(app, "ghost", "wrong");
            if (status != 401) {
                wrong.add("ghost signing in to " + app + ": " + status + ", expected 401");
            }
        }
        assertThat(wrong).as("webapp sign-ins and pages that differ from the rules").isEmpty();
    }

    /** Every backend endpoint of the four webapps and their engine API, from the apps' own JAX-RS classes. */
    static TreeSet<String> backends() {
        TreeSet<String> all = new TreeSet<>();
        Map<String, Iterable<Class<?>>> apps = new LinkedHashMap<>();
        apps.put("/camunda/api/cockpit", new CockpitApplication().getClasses());
        apps.put("/camunda/api/admin", new AdminApplication().getClasses());
        apps.put("/camunda/api/tasklist", new TasklistApplication().getClasses());
        apps.put("/camunda/api/welcome", new WelcomeApplication().getClasses());
        apps.put("/camunda/api/engine", CamundaRestResources.getResourceClasses());
        apps.forEach((prefix, classes) -> {
            for (Endpoint e : EngineRestEndpoints.of(classes)) {
                all.add(e.method() + " " + prefix + e.path());
            }
        });
        return all;
    }

    @Test
    void everyWebappBackendRefusesAnonymousCallers() {
        TreeSet<String> endpoints = backends();
        assertThat(endpoints).as("the webapps' backends").hasSizeGreaterThan(400)
                .anyMatch(e -> e.startsWith("GET /camunda/api/cockpit/plugin/"))
                .anyMatch(e -> e.startsWith("POST /camunda/api/admin/setup/"));
        List<String> wrong = new ArrayList<>();
        Session anonymous = new Session();
        anonymous.get("/camunda/app/welcome/default/");
        for (String e : endpoints) {
            String method = e.substring(0, e.indexOf(' '));
            String path = EngineRestAuthorizationTest.fill(e.substring(e.indexOf(' ') + 1),
                    Map.of("name", "default", "engine", "default", "engineName", "default"));
            boolean body = method.equals("POST") || method.equals("PUT");
            Reply r = anonymous.send(method, path, body ? "application/json" : null, body ? "{}" : null);
            if (r.status() / 100 == 2 && !PUBLIC_BACKENDS.contains(e)) {
                wrong.add(e + " → " + r.status());
            }
        }
        assertThat(wrong).as("webapp backends that answered an anonymous caller").isEmpty();
    }

    /** What the webapps' backends show before sign-in: the names of the engines (for the sign-in page's engine choice). */
    static final List<String> PUBLIC_BACKENDS = List.of("GET /camunda/api/engine/engine");

    @Test
    void theFirstAdminCannotBeCreatedThroughTheSetupPage() {
        // Camunda's Admin offers "create the first admin" to anyone while no member of camunda-admin exists,
        // which is the state of every production start (no demo users)
        identity.deleteMembership("owner", Groups.CAMUNDA_ADMIN);
        try {
            Session anonymous = new Session();
            anonymous.get("/camunda/app/admin/default/setup/");
            Reply r = anonymous.send("POST", "/camunda/api/admin/setup/default/user/create", "application/json",
                    "{\"profile\":{\"id\":\"intruder\",\"firstName\":\"I\",\"lastName\":\"N\",\"email\":\"i@example.com\"},"
                            + "\"credentials\":{\"password\":\"Intruder-Passw0rd!\"}}");
            assertThat(r.status()).as(r.text()).isEqualTo(403);
            assertThat(identity.createUserQuery().userId("intruder").count()).isZero();
        } finally {
            identity.createMembership("owner", Groups.CAMUNDA_ADMIN);
        }
    }

    /** Behind the apps, the engine's authorizations: a caseworker's Tasklist shows their agency's tasks, Cockpit's data managers'. */
    @Test
    void theWebappsShowEachUserOnlyWhatTheEngineGrants() {
        CaseDriver cases = new CaseDriver(port);
        String taxCase = cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明",
                Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
        String taxTask = cases.waitForTask(taxCase, "review", "tax.clerk").path("id").asText();
        String uddCase = cases.file("udd.clerk", "public-housing-low-income", "A123456789", "王小明",
                Map.of("housingProject", "興隆公共住宅二區", "unitType", "二房型"));
        String uddTask = cases.waitForTask(uddCase, "review", "udd.clerk").path("id").asText();
        var taxInstance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(cases.caseView(taxCase, "tax.clerk").path("caseNo").asText()).singleResult();
        String engine = "/camunda/api/engine/engine/default";
        String cockpitInstances = "/camunda/api/cockpit/plugin/base/default/process-instance";
        String query = "{\"processDefinitionId\":\"" + taxInstance.getProcessDefinitionId() + "\"}";

        List<String> wrong = new ArrayList<>();
        Map<String, Session> sessions = new LinkedHashMap<>();
        MAY_OPEN.forEach((user, apps) -> {
            Session s = new Session();
            assertThat(s.login(apps.get(0), user, "demo")).as(user + " signs in to " + apps.get(0)).isEqualTo(200);
            sessions.put(user, s);
        });
        expect(wrong, sessions, "GET", engine + "/task?maxResults=1000", null, Map.of(
                "tax.clerk", List.of(taxTask), "fire.reviewer", List.of(), "manager", List.of(), "auditor", List.of(),
                "owner", List.of(taxTask, uddTask)), List.of(taxTask, uddTask));
        expect(wrong, sessions, "POST", cockpitInstances, query, Map.of(
                "tax.clerk", List.of(), "fire.reviewer", List.of(), "auditor", List.of(),
                "manager", List.of(taxInstance.getId()), "owner", List.of(taxInstance.getId())), List.of(taxInstance.getId()));
        for (String user : List.of("tax.clerk", "fire.reviewer", "auditor")) {
            int status = sessions.get(user).get(engine + "/process-instance/" + taxInstance.getId() + "/variables").status();
            if (status != 403 && status != 404) {
                wrong.add(user + ": the tax case's variables through the webapps' engine API → " + status);
            }
        }
        int fireOnTask = sessions.get("fire.reviewer").send("POST", engine + "/task/" + taxTask + "/claim", "application/json",
                "{\"userId\":\"fire.reviewer\"}").status();
        if (fireOnTask != 403 && fireOnTask != 404) {
            wrong.add("fire.reviewer claiming the tax office's task through the Tasklist's API → " + fireOnTask);
        }
        assertThat(wrong).as("webapp data that differs from the engine's rules").isEmpty();
    }

    /** {@code shown}: ids each user's answer must carry; every other id of {@code all} must be absent. A refusal shows nothing. */
    static void expect(List<String> wrong, Map<String, Session> sessions, String method, String path, String json,
                       Map<String, List<String>> shown, List<String> all) {
        shown.forEach((user, ids) -> {
            Reply r = sessions.get(user).send(method, path, json == null ? null : "application/json", json);
            String text = r.status() / 100 == 2 ? r.text() : "";
            if (!ids.isEmpty() && r.status() != 200) {
                wrong.add(user + ": " + method + " " + path + " → " + r.status() + " " + r.text());
            }
            for (String id : all) {
                if (ids.contains(id) != text.contains(id)) {
                    wrong.add(user + ": " + method + " " + path + (ids.contains(id) ? " does not show " : " shows ") + id);
                }
            }
        });
    }
}
