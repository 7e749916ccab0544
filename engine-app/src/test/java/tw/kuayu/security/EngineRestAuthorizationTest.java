package tw.kuayu.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseDriver;
import tw.kuayu.security.EngineRestEndpoints.Endpoint;

/**
 * Every endpoint of Camunda's REST API ({@code /engine-rest}), enumerated from the JAX-RS resources the
 * starter registers (so a new engine endpoint is tested without anyone adding it), × the kinds of user
 * of {@link AuthorizationMatrixTest}. The rules (docs/security.md, decisions 006 and 032):
 * <ul>
 *   <li>anonymous: {@code 401} everywhere but Camunda's list of engine names;</li>
 *   <li>a signed-in user who is not a Camunda admin, aimed at another agency's case (its task, process
 *       instance, definition, deployment, the agency's group, clerk and authorizations): no write
 *       succeeds, no read by id of the case's task or instance succeeds (managers may read instances and
 *       history), no list answer carries the case, and afterwards the case, the accounts and the
 *       authorizations are as they were;</li>
 *   <li>the only writes that answer 2xx to such users are the ones listed in {@link #HARMLESS_WRITES};</li>
 *   <li>a Camunda admin (the demo's {@code owner}) is never refused.</li>
 * </ul>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
public class EngineRestAuthorizationTest {

    /**
     * Writes (POST/PUT/DELETE) that a signed-in user may send with success, whatever their agency: queries
     * sent as POST and checks that change nothing. Anything else answering 2xx is a hole.
     */
    static final List<String> HARMLESS_WRITES = List.of(
            // (besides every POST that takes a ...QueryDto: a query, filtered by the caller's authorizations)
            // a filter's queries, with the caller's authorizations
            "POST /filter/{id}/count", "POST /filter/{id}/list", "POST /filter/{id}/singleResult",
            // checks a password against the policy, stores nothing
            "POST /identity/password-policy",
            // answers 204 for an id of no job (nothing to suspend); a job of the case is aimed at when it has one, and refused
            "PUT /job/{id}/suspended",
            // an empty list of instructions changes nothing; real instructions need UPDATE on the instance (agencyCaseRules)
            "POST /process-instance/{id}/modification");

    @LocalServerPort
    int port;

    @Autowired
    ResourceConfig jersey;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    IdentityService identity;
    @Autowired
    AuthorizationService authorizations;
    @Autowired
    RepositoryService repository;
    @Autowired
    FilterService filters;

    CaseDriver cases;

    @BeforeEach
    void driver() {
        cases = new CaseDriver(port);
    }

    TreeSet<Endpoint> endpoints() {
        TreeSet<Endpoint> all = EngineRestEndpoints.of(jersey.getClasses());
        assertThat(all).as("the engine REST API as the starter registers it").hasSizeGreaterThan(400)
                .contains(new Endpoint("GET", "/task"), new Endpoint("POST", "/deployment/create"),
                        new Endpoint("GET", "/process-instance/{id}/variables"));
        return all;
    }

    @Test
    void everyEngineEndpointRefusesAnonymousCallers() {
        List<String> wrong = new ArrayList<>();
        int probed = 0;
        for (Endpoint e : endpoints()) {
            String path = "/engine-rest" + fill(e.path(), Map.of("name", "default"));
            Answer a = send(e, path, null);
            probed++;
            String expected = e.equals(new Endpoint("GET", "/engine")) ? "200" : "401";
            if (!Integer.toString(a.status()).equals(expected)) {
                wrong.add(e + " → " + a.status());
            }
        }
        assertThat(wrong).as("of " + probed + " engine endpoints, these answered an anonymous caller").isEmpty();
    }

    record Victim(String caseId, String caseNo, String processInstanceId, String taskId, String processDefinitionId,
                  String processDefinitionKey, String deploymentId, String jobDefinitionId, String jobId, String agency, String clerk, String authorizationId) {
    }

    @Test
    void noSignedInUserReachesAnotherAgencysCaseThroughAnyEngineEndpoint() {
        Victim tax = victim(cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明",
                Map.of("parcelNo", "大安區龍泉段二小段0123-0000")), "review", "tax.clerk", "tpe-tax");
        Victim udd = victim(cases.file("udd.clerk", "public-housing-low-income", "A123456789", "王小明",
                Map.of("housingProject", "興隆公共住宅二區", "unitType", "二房型")), "review", "udd.clerk", "tpe-udd");
        String filterId = filters.createFilterQuery().singleResult().getId();
        Map<String, Object> taxVariables = runtime.getVariables(tax.processInstanceId());
        long deployments = repository.createDeploymentQuery().count();
        long grants = authorizations.createAuthorizationQuery().count();

        List<String> wrong = new ArrayList<>();
        TreeSet<String> successfulWrites = new TreeSet<>();
        //            prober            its victim
        Map<String, Victim> probes = new LinkedHashMap<>();
        probes.put("fire.reviewer", tax);
        probes.put("auditor", tax);
        probes.put("manager", tax);
        probes.put("tax.clerk", udd);
        TreeSet<Endpoint> all = endpoints();
        all.removeIf(e -> e.path().startsWith("/engine/"));
        probes.forEach((user, v) -> {
            boolean manager = user.equals("manager");
            Map<String, String> ids = ids(v, user, filterId);
            for (Endpoint e : all) {
                String path = fill(e.path(), ids);
                Answer a = send(e, "/engine-rest" + path, user);
                int s = a.status();
                String what = user + ": " + e + " (" + path + ") → " + s;
                boolean ok = s / 100 == 2;
                // a 5xx is Camunda refusing the probe's empty body (its REST API answers many bad requests so): not a success
                if (s == 401) {
                    wrong.add(what + " " + a.text());
                    continue;
                }
                boolean aimsAtTheCase = path.contains(v.processInstanceId()) || path.contains(v.taskId());
                boolean aimsAtAnything = !onlyProbeIds(e.path(), path);
                if (ok && e.isWrite() && !e.query()) {
                    successfulWrites.add(e.toString());
                    if (aimsAtAnything && !HARMLESS_WRITES.contains(e.toString())) {
                        wrong.add(what + " (a write on another agency's object)");
                    }
                }
                // managers read every agency's cases: the instance, its history, its tasks' comments and attachments
                if (ok && !e.isWrite() && aimsAtTheCase && !manager) {
                    wrong.add(what + " (a read of another agency's case)");
                }
                if (ok && !manager && (a.text().contains(v.processInstanceId()) || a.text().contains(v.taskId())
                        || a.text().contains(v.caseNo()))) {
                    wrong.add(what + " (the answer shows another agency's case)");
                }
            }
        });
        successfulWrites.stream().filter(w -> !HARMLESS_WRITES.contains(w))
                .forEach(w -> wrong.add(w + " succeeded for a user who is not a Camunda admin (not in HARMLESS_WRITES)"));
        assertThat(wrong).as("engine REST answers that break the agency rule").isEmpty();

        // nothing changed
        assertThat(runtime.getVariables(tax.processInstanceId())).isEqualTo(taxVariables);
        assertThat(tasks.createTaskQuery().taskId(tax.taskId()).singleResult().getAssignee()).isNull();
        assertThat(tasks.createTaskQuery().taskId(udd.taskId()).singleResult().getAssignee()).isNull();
        assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments);
        assertThat(authorizations.createAuthorizationQuery().count()).isEqualTo(grants);
        for (String user : probes.keySet()) {
            assertThat(identity.checkPassword(user, "demo")).as(user + "'s password").isTrue();
        }
        assertThat(identity.createUserQuery().memberOfGroup("tpe-tax").list()).extracting(u -> u.getId())
                .containsExactlyInAnyOrder("tax.clerk", "tax.chief");
        assertThat(identity.createUserQuery().memberOfGroup("tpe-udd").list()).extracting(u -> u.getId())
                .containsExactlyInAnyOrder("udd.clerk", "udd.chief");
    }

    @Test
    void aCamundaAdminIsNeverRefused() {
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            if (e.path().startsWith("/engine/")) {
                continue;
            }
            // probe ids only: an admin's write must not touch the demo data
            Answer a = send(e, "/engine-rest" + fill(e.path(), Map.of()), "owner");
            if (a.status() == 401 || a.status() == 403) {
                wrong.add(e + " → " + a.status() + " " + a.text());
            }
        }
        assertThat(wrong).as("engine endpoints that refused a Camunda admin").isEmpty();
    }

    /** What each kind of user sees and may do on a case through the engine REST API, rule by rule (docs/security.md). */
    @Test
    void agencyCaseRules() {
        Victim tax = victim(cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明",
                Map.of("parcelNo", "大安區龍泉段二小段0123-0000")), "review", "tax.clerk", "tpe-tax");
        Victim udd = victim(cases.file("udd.clerk", "public-housing-low-income", "A123456789", "王小明",
                Map.of("housingProject", "興隆公共住宅二區", "unitType", "二房型")), "review", "udd.clerk", "tpe-udd");
        List<String> wrong = new ArrayList<>();

        // a task list shows the caller's agency's tasks only
        expectList(wrong, "/engine-rest/task", "tax.clerk", List.of(tax.taskId()), List.of(udd.taskId()));
        expectList(wrong, "/engine-rest/task", "udd.clerk", List.of(udd.taskId()), List.of(tax.taskId()));
        for (String user : List.of("fire.reviewer", "auditor", "manager")) {
            expectList(wrong, "/engine-rest/task", user, List.of(), List.of(tax.taskId(), udd.taskId()));
        }
        expectList(wrong, "/engine-rest/task", "owner", List.of(tax.taskId(), udd.taskId()), List.of());
        // the task's variables to its agency; instances, their variables and history to managers (and admins) only
        expectStatus(wrong, "GET", "/engine-rest/task/" + tax.taskId() + "/variables", Map.of(
                "tax.clerk", 200, "udd.clerk", 403, "fire.reviewer", 403, "auditor", 403, "manager", 403, "owner", 200));
        expectStatus(wrong, "GET", "/engine-rest/process-instance/" + tax.processInstanceId() + "/variables", Map.of(
                "tax.clerk", 403, "udd.clerk", 403, "fire.reviewer", 403, "auditor", 403, "manager", 200, "owner", 200));
        for (String list : List.of("/engine-rest/process-instance", "/engine-rest/history/process-instance",
                "/engine-rest/history/variable-instance", "/engine-rest/history/task", "/engine-rest/history/activity-instance",
                "/engine-rest/variable-instance", "/engine-rest/execution")) {
            for (String user : List.of("tax.clerk", "udd.clerk", "fire.reviewer", "auditor")) {
                expectList(wrong, list, user, List.of(), List.of(tax.processInstanceId(), udd.processInstanceId()));
            }
            expectList(wrong, list, "manager", List.of(tax.processInstanceId(), udd.processInstanceId()), List.of());
        }
        // writes: only the task's agency works the task; nobody but an admin changes instances, starts or deploys
        String cancelReview = "{\"instructions\":[{\"type\":\"cancel\",\"activityId\":\"review\"}]}";
        expectStatus(wrong, "POST", "/engine-rest/process-instance/" + tax.processInstanceId() + "/modification", cancelReview,
                Map.of("tax.clerk", 403, "fire.reviewer", 403, "auditor", 403, "manager", 403));
        expectStatus(wrong, "POST", "/engine-rest/process-definition/key/land-value-tax-self-use/start", "{}",
                Map.of("tax.clerk", 403, "fire.reviewer", 403, "auditor", 403, "manager", 403));
        expectStatus(wrong, "POST", "/engine-rest/process-instance/" + tax.processInstanceId() + "/variables",
                "{\"modifications\":{\"eligible\":{\"value\":true}}}", Map.of("tax.clerk", 403, "fire.reviewer", 403, "manager", 403));
        expectStatus(wrong, "POST", "/engine-rest/task/" + tax.taskId() + "/claim", "{\"userId\":\"fire.reviewer\"}",
                Map.of("fire.reviewer", 403, "udd.clerk", 403, "auditor", 403, "manager", 403));
        expectStatus(wrong, "PUT", "/engine-rest/group/tpe-tax/members/fire.reviewer", null,
                Map.of("fire.reviewer", 403, "tax.clerk", 403, "manager", 403));
        expectStatus(wrong, "PUT", "/engine-rest/user/tax.chief/credentials",
                "{\"password\":\"taken-over-1\",\"authenticatedUserPassword\":\"demo\"}",
                Map.of("tax.clerk", 403, "fire.reviewer", 403, "manager", 403));
        for (String user : List.of("tax.clerk", "fire.reviewer", "auditor", "manager")) {
            Answer a = cases.api.send("POST", "/engine-rest/deployment/create", user, "multipart/form-data; boundary=x",
                    AuthorizationMatrixTest.DEPLOYMENT_NAME_ONLY.getBytes(StandardCharsets.US_ASCII));
            if (a.status() != 403) {
                wrong.add(user + ": POST /engine-rest/deployment/create → " + a.status() + ", expected 403");
            }
        }
        Answer deployed = cases.api.send("POST", "/engine-rest/deployment/create", "owner", "multipart/form-data; boundary=x",
                AuthorizationMatrixTest.DEPLOYMENT_NAME_ONLY.getBytes(StandardCharsets.US_ASCII));
        if (deployed.status() == 200) {
            repository.deleteDeployment(deployed.json().path("id").asText(), true);
        } else {
            wrong.add("owner: POST /engine-rest/deployment/create → " + deployed.status() + ", expected 200");
        }
        assertThat(wrong).as("engine REST answers that differ from the rules").isEmpty();
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(tax.processInstanceId()).count()).isOne();
        assertThat(tasks.createTaskQuery().taskId(tax.taskId()).count()).isOne();
        assertThat(identity.checkPassword("tax.chief", "demo")).isTrue();
    }

    /** Separation of duties: the task's agency may complete it, not re-route the case's next step to itself. */
    @Test
    void aCaseworkerCannotRouteTheApprovalToTheirOwnAgency() {
        Victim tax = victim(cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明",
                Map.of("parcelNo", "大安區龍泉段二小段0123-0000")), "review", "tax.clerk", "tpe-tax");
        String task = "/engine-rest/task/" + tax.taskId();
        Answer rerouted = cases.api.postJson(task + "/complete", "tax.clerk",
                "{\"variables\":{\"action\":{\"value\":\"approve\"},\"approverGroup\":{\"value\":\"tpe-tax\"}}}");
        assertThat(rerouted.status()).as(rerouted.text()).isEqualTo(403);
        Answer set = cases.api.send("PUT", task + "/variables/approverGroup", "tax.clerk", "application/json",
                "{\"value\":\"tpe-tax\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(set.status()).as(set.text()).isEqualTo(403);
        Answer viaForm = cases.api.postJson(task + "/submit-form", "tax.clerk",
                "{\"variables\":{\"action\":{\"value\":\"approve\"},\"ownerAgency\":{\"value\":\"tpe-fire\"}}}");
        assertThat(viaForm.status()).as(viaForm.text()).isEqualTo(403);
        assertThat(tasks.createTaskQuery().taskId(tax.taskId()).count()).as("the review is still open").isOne();
        assertThat(runtime.getVariable(tax.processInstanceId(), "approverGroup")).isEqualTo("tpe-tax.approver");
        assertThat(runtime.getVariable(tax.processInstanceId(), "ownerAgency")).isEqualTo("tpe-tax");

        // the same completion without re-routing goes through, and the approval reaches the approvers only
        Answer completed = cases.api.postJson(task + "/complete", "tax.clerk",
                "{\"variables\":{\"action\":{\"value\":\"approve\"},\"opinion\":{\"value\":\"擬准。\"}}}");
        assertThat(completed.status()).as(completed.text()).isEqualTo(204);
        String approval = cases.waitForTask(tax.caseId(), "approve", "tax.chief").path("id").asText();
        assertThat(cases.api.get("/engine-rest/task?processInstanceId=" + tax.processInstanceId(), "tax.clerk").text())
                .doesNotContain(approval);
        assertThat(cases.api.get("/engine-rest/task?processInstanceId=" + tax.processInstanceId(), "tax.chief").text())
                .contains(approval);
    }

    void expectList(List<String> wrong, String path, String user, List<String> shown, List<String> hidden) {
        Answer a = cases.api.get(path + "?maxResults=1000", user);
        if (a.status() != 200) {
            wrong.add(user + ": GET " + path + " → " + a.status() + " " + a.text());
            return;
        }
        shown.stream().filter(id -> !a.text().contains(id)).forEach(id -> wrong.add(user + ": GET " + path + " does not show " + id));
        hidden.stream().filter(id -> a.text().contains(id)).forEach(id -> wrong.add(user + ": GET " + path + " shows " + id));
    }

    void expectStatus(List<String> wrong, String method, String path, Map<String, Integer> expected) {
        expectStatus(wrong, method, path, null, expected);
    }

    void expectStatus(List<String> wrong, String method, String path, String json, Map<String, Integer> expected) {
        expected.forEach((user, status) -> {
            Answer a = cases.api.send(method, path, user, json == null ? null : "application/json",
                    json == null ? null : json.getBytes(StandardCharsets.UTF_8));
            // 404: the engine does not even show the object to this user, a refusal too
            if (a.status() != status && !(status == 403 && a.status() == 404)) {
                wrong.add(user + ": " + method + " " + path + " → " + a.status() + ", expected " + status + " " + a.text());
            }
        });
    }

    Victim victim(String caseId, String step, String clerk, String agency) {
        String taskId = cases.waitForTask(caseId, step, clerk).path("id").asText();
        String caseNo = cases.caseView(caseId, clerk).path("caseNo").asText();
        ProcessInstance pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseNo).singleResult();
        var definition = repository.getProcessDefinition(pi.getProcessDefinitionId());
        String grant = authorizations.createAuthorizationQuery().groupIdIn(agency).resourceType(Resources.APPLICATION)
                .list().get(0).getId();
        String jobDefinition = firstJobDefinition(definition.getId());
        return new Victim(caseId, caseNo, pi.getId(), taskId, definition.getId(), definition.getKey(),
                definition.getDeploymentId(), jobDefinition,
                management.createJobQuery().processInstanceId(pi.getId()).list().stream().map(j -> j.getId()).findFirst().orElse(null), agency, clerk, grant);
    }

    @Autowired
    org.camunda.bpm.engine.ManagementService management;

    String firstJobDefinition(String processDefinitionId) {
        return management.createJobDefinitionQuery().processDefinitionId(processDefinitionId).list().get(0).getId();
    }

    /** The victim's ids by path variable and the resource the path names. */
    static Map<String, String> ids(Victim v, String prober, String filterId) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("task", v.taskId());
        ids.put("process-instance", v.processInstanceId());
        ids.put("execution", v.processInstanceId());
        ids.put("history/process-instance", v.processInstanceId());
        ids.put("process-definition", v.processDefinitionId());
        ids.put("deployment", v.deploymentId());
        ids.put("job-definition", v.jobDefinitionId());
        if (v.jobId() != null) {
            ids.put("job", v.jobId());
        }
        ids.put("user", v.clerk());
        ids.put("group", v.agency());
        ids.put("authorization", v.authorizationId());
        ids.put("filter", filterId);
        ids.put("key", v.processDefinitionKey());
        ids.put("userId", prober);
        ids.put("groupId", v.agency());
        ids.put("varId", "caseNo");
        ids.put("messageName", "caseWithdrawn");
        return ids;
    }

    /** Fills a path's variables: by name ({@code key}, {@code userId}), or for {@code id} by the resource before it; else {@code probe}. */
    static String fill(String template, Map<String, String> ids) {
        StringBuilder out = new StringBuilder();
        String[] parts = template.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i > 0) {
                out.append('/');
            }
            if (!p.startsWith("{")) {
                out.append(p);
                continue;
            }
            String name = p.substring(1, p.length() - 1);
            String value = ids.get(name);
            if (value == null && name.equals("id")) {
                String before = out.toString();
                value = ids.entrySet().stream().filter(en -> before.equals("/" + en.getKey() + "/"))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
            }
            out.append(java.net.URLEncoder.encode(value == null ? "probe" : value, StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static boolean onlyProbeIds(String template, String path) {
        return fill(template, Map.of()).equals(path);
    }

    Answer send(Endpoint e, String path, String user) {
        if (e.equals(new Endpoint("POST", "/deployment/create"))) {
            return cases.api.send("POST", path, user, "multipart/form-data; boundary=x",
                    AuthorizationMatrixTest.DEPLOYMENT_NAME_ONLY.getBytes(StandardCharsets.US_ASCII));
        }
        boolean body = e.method().equals("POST") || e.method().equals("PUT");
        return cases.api.send(e.method(), path, user, body ? "application/json" : null,
                body ? "{}".getBytes(StandardCharsets.UTF_8) : null, "Accept", "application/json");
    }
}
