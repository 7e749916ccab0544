package tw.kuayu.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseDriver;

/**
 * Every Kuayu API endpoint × every kind of user, with the outcome each must get. The endpoints come
 * from Spring's own handler mapping, so an endpoint added without a row here fails the test. Also the
 * engine REST API, the actuator and Kuayu's pages for an anonymous caller and a caseworker.
 *
 * <p>Outcomes: {@code 401} not signed in, {@code 403} forbidden (a task of another agency or role, as
 * security.md documents), {@code 404} hidden (the case "does not exist" for someone not involved), {@code ok} anything else (2xx, or a 4xx about the
 * request itself such as 400 / 409 — the caller got past authorization). Requests are built so an
 * allowed caller does nothing irreversible that matters to the other rows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
public class AuthorizationMatrixTest {

    /** anonymous, caseworker of the owning agency, caseworker of another agency, manager, auditor, process owner. */
    static final String[] USERS = {null, "tax.clerk", "fire.reviewer", "manager", "auditor", "owner"};
    static final String[] COLUMNS = {"anonymous", "owner agency", "other agency", "manager", "auditor", "process owner"};

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    CaseDriver cases;

    @BeforeEach
    void driver() {
        cases = new CaseDriver(port);
    }

    record Probe(String method, String path, String contentType, byte[] body, String... expected) {
    }

    static Probe probe(String method, String path, String json, String... expected) {
        return new Probe(method, path, json == null ? null : "application/json",
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), expected);
    }

    static final String LAND_TAX = "{\"caseType\":\"land-value-tax-self-use\",\"applicant\":{\"nationalId\":\"A123456789\","
            + "\"name\":\"王小明\"},\"data\":{\"parcelNo\":\"大安區龍泉段二小段0123-0000\"}}";

    @Test
    void everyApiEndpointAnswersEachKindOfUserAsItsRuleSays() {
        // a decided case of the tax office (tpe-tax) and an open review task of another of its cases
        String decided = cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明",
                Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
        cases.waitForTask(decided, "review", "tax.clerk");
        cases.act(decided, "review", "tax.clerk", "approve", "擬准。");
        cases.waitForTask(decided, "approve", "tax.chief");
        cases.act(decided, "approve", "tax.chief", "approve", "准。");
        String documentNo = await().atMost(Duration.ofSeconds(60))
                .until(() -> cases.caseView(decided, "tax.clerk").path("decision").path("documentNo").asText(), d -> !d.isEmpty());
        String open = cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明",
                Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
        String task = cases.waitForTask(open, "review", "tax.clerk").path("id").asText();
        String doc = java.net.URLEncoder.encode(documentNo, StandardCharsets.UTF_8);
        // a matching job of the social welfare office (none of the six users belongs to it)
        String job = cases.api.send("POST", "/api/matching-jobs", "social.reviewer", "multipart/form-data; boundary=x",
                MATCHING_JOB.getBytes(StandardCharsets.UTF_8)).json().path("id").asText();
        assertThat(job).as("matching job submitted").isNotEmpty();
        String process = "/api/processes/referral";

        //                                                                     anon   owner  other  manager auditor owner
        Map<String, Probe> rules = new LinkedHashMap<>();
        rules.put("GET /api/case-types", probe("GET", "/api/case-types", null, "401", "ok", "ok", "ok", "ok", "ok"));
        rules.put("POST /api/cases", probe("POST", "/api/cases", LAND_TAX, "401", "ok", "403", "403", "403", "403"));
        rules.put("GET /api/cases/{id}", probe("GET", "/api/cases/" + decided, null, "401", "ok", "404", "ok", "404", "404"));
        rules.put("POST /api/cases/{id}/withdraw", probe("POST", "/api/cases/" + decided + "/withdraw", "{}",
                "401", "ok", "404", "403", "404", "404"));
        rules.put("POST /api/cases/{id}/correction", probe("POST", "/api/cases/" + decided + "/correction", "{}",
                "401", "ok", "404", "403", "404", "404"));
        rules.put("GET /api/cases/{id}/decision.pdf", probe("GET", "/api/cases/" + decided + "/decision.pdf", null,
                "401", "ok", "404", "ok", "404", "404"));
        // decision numbers are printed on the documents and verifiable by anyone, so refusing says nothing new
        rules.put("POST /api/decisions/{documentNo}/revoke", probe("POST", "/api/decisions/" + doc + "/revoke", "{}",
                "401", "403", "403", "403", "403", "403"));
        rules.put("POST /api/decisions/verify", new Probe("POST", "/api/decisions/verify", "application/pdf",
                "not a pdf".getBytes(StandardCharsets.US_ASCII), "ok", "ok", "ok", "ok", "ok", "ok"));
        rules.put("POST /api/public/case-status", probe("POST", "/api/public/case-status", "{}", "ok", "ok", "ok", "ok", "ok", "ok"));
        rules.put("GET /api/tasks", probe("GET", "/api/tasks", null, "401", "ok", "ok", "ok", "ok", "ok"));
        rules.put("GET /api/tasks/{id}/candidates", probe("GET", "/api/tasks/" + task + "/candidates", null,
                "401", "ok", "403", "403", "403", "403"));
        rules.put("POST /api/tasks/{id}/complete", probe("POST", "/api/tasks/" + task + "/complete", "{\"action\":\"no-such-action\"}",
                "401", "ok", "403", "403", "403", "403"));
        rules.put("POST /api/tasks/{id}/delegate", probe("POST", "/api/tasks/" + task + "/delegate", "{\"userId\":\"no.such.user\"}",
                "401", "ok", "403", "403", "403", "403"));
        rules.put("POST /api/tasks/{id}/unclaim", probe("POST", "/api/tasks/" + task + "/unclaim", null,
                "401", "ok", "403", "403", "403", "403"));
        rules.put("POST /api/tasks/{id}/claim", probe("POST", "/api/tasks/" + task + "/claim", null,
                "401", "ok", "403", "403", "403", "403"));
        rules.put("GET /api/notifications", probe("GET", "/api/notifications", null, "401", "ok", "ok", "ok", "ok", "ok"));
        rules.put("GET /api/audit/data-access", probe("GET", "/api/audit/data-access?caseId=" + decided, null,
                "401", "403", "403", "403", "ok", "403"));
        rules.put("GET /api/audit/data-access/verify", probe("GET", "/api/audit/data-access/verify", null,
                "401", "403", "403", "403", "ok", "403"));
        rules.put("GET /api/sla/summary", probe("GET", "/api/sla/summary", null, "401", "403", "403", "ok", "403", "403"));
        rules.put("GET /api/sla/steps", probe("GET", "/api/sla/steps", null, "401", "403", "403", "ok", "403", "403"));
        rules.put("GET /api/sla/overdue", probe("GET", "/api/sla/overdue", null, "401", "403", "403", "ok", "403", "403"));
        rules.put("GET /api/processes", probe("GET", "/api/processes", null, "401", "403", "403", "ok", "403", "ok"));
        rules.put("POST /api/processes", new Probe("POST", "/api/processes", "multipart/form-data; boundary=x",
                "--x--\r\n".getBytes(StandardCharsets.US_ASCII), "401", "403", "403", "403", "403", "ok"));
        // the studio page's reads and the migration panel's instance list: process owners only
        rules.put("POST /api/processes/checks", new Probe("POST", "/api/processes/checks", "multipart/form-data; boundary=x",
                "--x--\r\n".getBytes(StandardCharsets.US_ASCII), "401", "403", "403", "403", "403", "ok"));
        rules.put("GET /api/processes/vocabulary", probe("GET", "/api/processes/vocabulary", null, "401", "403", "403", "403", "403", "ok"));
        rules.put("GET /api/processes/{key}/versions/{version}/instances", probe("GET", process + "/versions/1/instances", null,
                "401", "403", "403", "403", "403", "ok"));
        // audit events of the pdf branch: auditors only
        rules.put("GET /api/audit/events", probe("GET", "/api/audit/events", null, "401", "403", "403", "403", "ok", "403"));
        rules.put("GET /api/audit/document-numbers/unused", probe("GET", "/api/audit/document-numbers/unused", null,
                "401", "403", "403", "403", "ok", "403"));
        rules.put("GET /api/audit/events/verify", probe("GET", "/api/audit/events/verify", null, "401", "403", "403", "403", "ok", "403"));
        // SLA reports of the sla branch: managers only (an agency's <agency>.manager: SlaApiTest)
        rules.put("GET /api/sla/trend", probe("GET", "/api/sla/trend", null, "401", "403", "403", "ok", "403", "403"));
        rules.put("GET /api/sla/bottlenecks", probe("GET", "/api/sla/bottlenecks", null, "401", "403", "403", "ok", "403", "403"));
        // connectors: matching jobs (agencies with a matching rule submit; the submitting agency and auditors read),
        // a case's change notifications (who may read the case; auditors), the external evidence workers' API
        rules.put("POST /api/matching-jobs", new Probe("POST", "/api/matching-jobs", "multipart/form-data; boundary=x",
                "--x--\r\n".getBytes(StandardCharsets.US_ASCII), "401", "403", "403", "403", "403", "403"));
        rules.put("GET /api/matching-jobs/{id}", probe("GET", "/api/matching-jobs/" + job, null, "401", "404", "404", "404", "ok", "404"));
        rules.put("GET /api/matching-jobs/{id}/result.csv", probe("GET", "/api/matching-jobs/" + job + "/result.csv", null,
                "401", "404", "404", "404", "ok", "404"));
        rules.put("GET /api/cases/{id}/notifications", probe("GET", "/api/cases/" + decided + "/notifications", null,
                "401", "ok", "404", "ok", "ok", "404"));
        rules.put("GET /api/evidence-worker/cases/{caseId}/lookups", probe("GET", "/api/evidence-worker/cases/" + open + "/lookups", null,
                "401", "403", "403", "403", "403", "403"));
        rules.put("POST /api/evidence-worker/cases/{caseId}/records", probe("POST", "/api/evidence-worker/cases/" + open + "/records", "{}",
                "401", "403", "403", "403", "403", "403"));
        rules.put("POST /api/evidence-worker/cases/{caseId}/failures", probe("POST", "/api/evidence-worker/cases/" + open + "/failures", "{}",
                "401", "403", "403", "403", "403", "403"));
        // studio: process owners only; an owner's probe is refused for its content (400: no reason, not BPMN) or finds
        // nothing (404: no draft, no such migration), so nothing changes
        rules.put("POST /api/forms", new Probe("POST", "/api/forms", "multipart/form-data; boundary=x",
                "--x--\r\n".getBytes(StandardCharsets.US_ASCII), "401", "403", "403", "403", "403", "ok"));
        rules.put("PUT /api/processes/{key}/draft", new Probe("PUT", process + "/draft", "application/xml",
                "<not-bpmn/>".getBytes(StandardCharsets.UTF_8), "401", "403", "403", "403", "403", "ok"));
        rules.put("GET /api/processes/{key}/draft", probe("GET", process + "/draft", null, "401", "403", "403", "403", "403", "404"));
        rules.put("DELETE /api/processes/{key}/draft", probe("DELETE", process + "/draft", null, "401", "403", "403", "403", "403", "404"));
        rules.put("POST /api/processes/{key}/draft/deploy", probe("POST", process + "/draft/deploy", "{}",
                "401", "403", "403", "403", "403", "ok"));
        rules.put("GET /api/processes/{key}/versions", probe("GET", process + "/versions", null, "401", "403", "403", "403", "403", "ok"));
        rules.put("GET /api/processes/{key}/versions/{version}/xml", probe("GET", process + "/versions/1/xml", null,
                "401", "403", "403", "403", "403", "ok"));
        rules.put("GET /api/processes/{key}/versions/{version}/retirement", probe("GET", process + "/versions/1/retirement", null,
                "401", "403", "403", "403", "403", "ok"));
        rules.put("POST /api/processes/{key}/versions/{version}/retire", probe("POST", process + "/versions/99/retire", "{}",
                "401", "403", "403", "403", "403", "ok"));
        rules.put("POST /api/processes/{key}/versions/{version}/reactivate", probe("POST", process + "/versions/99/reactivate", "{}",
                "401", "403", "403", "403", "403", "ok"));
        rules.put("GET /api/processes/{key}/diff", probe("GET", process + "/diff", null, "401", "403", "403", "403", "403", "ok"));
        rules.put("POST /api/processes/{key}/migrations/dry-run", probe("POST", process + "/migrations/dry-run", "{}",
                "401", "403", "403", "403", "403", "ok"));
        rules.put("POST /api/processes/{key}/migrations", probe("POST", process + "/migrations", "{}",
                "401", "403", "403", "403", "403", "ok"));
        rules.put("GET /api/processes/{key}/migrations", probe("GET", process + "/migrations", null, "401", "403", "403", "403", "403", "ok"));
        rules.put("GET /api/processes/{key}/migrations/{id}", probe("GET", process + "/migrations/no-such-migration", null,
                "401", "403", "403", "403", "403", "404"));

        // the mail outbox's state (mail-outbox branch): system administrators (camunda-admin: the process owner here) and managers
        rules.put("GET /api/mail-outbox", probe("GET", "/api/mail-outbox", null, "401", "403", "403", "ok", "403", "ok"));
        rules.put("POST /api/mail-outbox/{id}/retry", probe("POST", "/api/mail-outbox/00000000-0000-0000-0000-000000000000/retry", null,
                "401", "403", "403", "404", "403", "404"));
        rules.put("POST /api/mail-outbox/retry-failed", probe("POST", "/api/mail-outbox/retry-failed", null,
                "401", "403", "403", "ok", "403", "ok"));

        TreeSet<String> endpoints = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> info.getPatternValues().stream().filter(p -> p.startsWith("/api/"))
                .forEach(p -> {
                    if (info.getMethodsCondition().getMethods().isEmpty()) {
                        endpoints.add("ANY " + p);
                    }
                    for (RequestMethod m : info.getMethodsCondition().getMethods()) {
                        endpoints.add(m.name() + " " + p);
                    }
                }));
        assertThat(endpoints).as("every /api endpoint has a row in this matrix (add one for a new endpoint)")
                .isSubsetOf(rules.keySet());
        assertThat(rules.keySet()).as("no row for an endpoint that no longer exists").isSubsetOf(endpoints);

        List<String> wrong = new ArrayList<>();
        rules.forEach((endpoint, p) -> {
            for (int i = 0; i < USERS.length; i++) {
                Answer a = cases.api.send(p.method(), p.path(), USERS[i], p.contentType(), p.body());
                String outcome = outcome(a.status());
                if (!outcome.equals(p.expected()[i])) {
                    wrong.add(endpoint + " as " + COLUMNS[i] + ": expected " + p.expected()[i] + ", got " + a.status() + " " + a.text());
                }
            }
        });
        assertThat(wrong).as("outcomes that differ from the matrix").isEmpty();
    }

    @Test
    void theEngineRestApiTheActuatorAndThePages() {
        //                 path                      method  anonymous caseworker
        String[][] rows = {
            {"/engine-rest/task", "GET", "401", "ok"},
            {"/engine-rest/process-instance", "GET", "401", "ok"},
            {"/engine-rest/user", "GET", "401", "ok"},
            {"/engine-rest/deployment/create", "POST", "401", "403"}, // no CREATE on DEPLOYMENT for a caseworker
            {"/engine-rest/authorization", "GET", "401", "ok"},
            {"/actuator/health", "GET", "ok", "ok"},
            {"/actuator/prometheus", "GET", "302", "403"}, // managers only
            {"/status", "GET", "ok", "ok"},
            {"/verify", "GET", "ok", "ok"},
            {"/login", "GET", "ok", "ok"},
            {"/worklist", "GET", "302", "ok"}, // a browser is sent to the login form; HTTP Basic works too
            {"/camunda/app/cockpit/default/", "GET", "ok", "ok"},
            {"/camunda/api/engine/engine/default/process-definition", "GET", "401", "401"},
        };
        List<String> wrong = new ArrayList<>();
        for (String[] row : rows) {
            for (int i = 0; i < 2; i++) {
                String user = i == 0 ? null : "tax.clerk";
                boolean post = row[1].equals("POST");
                Answer a = cases.api.send(row[1], row[0], user, post ? "multipart/form-data; boundary=x" : null,
                        post ? DEPLOYMENT_NAME_ONLY.getBytes(StandardCharsets.US_ASCII) : null, "Accept", "text/html,application/json");
                String outcome = a.status() == 302 ? "302" : outcome(a.status());
                if (!outcome.equals(row[2 + i])) {
                    wrong.add(row[1] + " " + row[0] + " as " + (user == null ? "anonymous" : user) + ": expected " + row[2 + i]
                            + ", got " + a.status());
                }
            }
        }
        assertThat(wrong).as("outcomes that differ from the rules").isEmpty();
    }

    /** A deployment with one harmless model, so the engine gets as far as checking the caller's authorization. */
    static final String DEPLOYMENT_NAME_ONLY = "--x\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\n"
            + "probe\r\n--x\r\nContent-Disposition: form-data; name=\"probe.bpmn\"; filename=\"probe.bpmn\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n"
            + "<?xml version=\"1.0\" encoding=\"UTF-8\"?><definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
            + "xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" targetNamespace=\"probe\"><process id=\"authorizationProbe\" "
            + "isExecutable=\"true\" camunda:historyTimeToLive=\"1\"><startEvent id=\"s\"/></process></definitions>\r\n--x--\r\n";

    /** A list of one person for the social welfare office's low-income check (application.yaml kuayu.matching.rules). */
    public static final String MATCHING_JOB = field("source", "welfare") + field("recordType", "low-income-status")
            + field("legalBasis", "社會救助法第4條、第4條之1、第10條（低收入戶及中低收入戶資格年度總清查）") + field("purpose", "授權矩陣測試")
            + "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            + "身分證統一編號\r\nA123456789\r\n\r\n--x--\r\n";

    static String field(String name, String value) {
        return "--x\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + value + "\r\n";
    }

    static String outcome(int status) {
        return status == 401 || status == 403 || status == 404 ? Integer.toString(status) : "ok";
    }
}
