package tw.kuayu.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseDriver;
import tw.kuayu.calendar.WorkingCalendar;

/** {@code GET /api/tasks} filters, order and paging, and who may claim, unclaim and delegate a task, over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class WorklistApiTest {

    static final String TAX = "land-value-tax-self-use";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    WorkingCalendar calendar;

    CaseDriver cases;
    ApiClient api;
    String tag;

    @BeforeEach
    void driver() {
        cases = new CaseDriver(port);
        api = cases.api;
        // letters only: applicant names may not contain digits
        tag = "T" + UUID.randomUUID().toString().substring(0, 8).chars()
                .mapToObj(c -> String.valueOf((char) (Character.isDigit(c) ? 'g' + (c - '0') : c))).collect(java.util.stream.Collectors.joining());
    }

    /**
     * Files a land value tax case for an applicant named after this test's tag ({@link #name()}: the worklist finds a
     * whole name, by its keyed hash); returns the open review task. {@code suffix} only tells the calls apart when read.
     */
    JsonNode fileTaxCase(String suffix) {
        String id = cases.file("tax.clerk", TAX, "A123456789", name(), Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
        return cases.waitForTask(id, "review", "tax.clerk");
    }

    String name() {
        return "王" + tag;
    }

    JsonNode list(String user, String query) {
        Answer answer = api.get("/api/tasks?q=" + enc(name()) + (query.isEmpty() ? "" : "&" + query), user);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    static String enc(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(i -> ids.add(i.path("id").asText()));
        return ids;
    }

    static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    void caseDueAt(JsonNode task, Instant due) {
        jdbc.update("UPDATE kuayu_case SET due_at = ? WHERE id = ?", Timestamp.from(due), task.path("caseId").asText());
    }

    @Test
    void itemsCarryTheApplicantMaskedAndTheClockInWorkingDays() {
        JsonNode task = fileTaxCase("甲");
        JsonNode item = list("tax.clerk", "").path("items").get(0);
        assertThat(item.path("id").asText()).isEqualTo(task.path("id").asText());
        assertThat(item.path("applicantName").asText()).isEqualTo(name());
        assertThat(item.path("applicantNationalId").asText()).isEqualTo("A12****789");
        assertThat(item.toString()).doesNotContain("A123456789");
        assertThat(item.path("receivedAt").asText()).isNotEmpty();
        assertThat(item.path("caseDueAt").asText()).isNotEmpty();
        assertThat(item.path("dueAt").asText()).as("the step's deadline").isNotEmpty();
        assertThat(item.path("workingDaysLeft").asInt()).as("to the statutory due date").isBetween(13, 14);
        assertThat(item.path("overdue").asBoolean()).isFalse();
        for (String field : List.of("id", "caseId", "caseNo", "name", "agency", "dueAt", "actions")) {
            assertThat(item.has(field)).as("existing field %s kept", field).isTrue();
        }
    }

    @Test
    void filtersBySearchTextCaseTypeStepAndDeadline() {
        JsonNode late = fileTaxCase("遲");
        JsonNode soon = fileTaxCase("急");
        JsonNode later = fileTaxCase("緩");
        Instant now = Instant.now();
        caseDueAt(late, now.minus(Duration.ofDays(3)));
        caseDueAt(soon, calendar.dueAt(now, 1));

        assertThat(ids(list("tax.clerk", ""))).hasSize(3);
        assertThat(ids(list("tax.clerk", "overdue=true"))).containsExactly(late.path("id").asText());
        JsonNode overdue = list("tax.clerk", "overdue=true").path("items").get(0);
        assertThat(overdue.path("overdue").asBoolean()).isTrue();
        assertThat(overdue.path("workingDaysLeft").asInt()).isNegative();
        assertThat(ids(list("tax.clerk", "dueWithinDays=2"))).containsExactly(soon.path("id").asText());
        assertThat(ids(list("tax.clerk", "dueWithinDays=30"))).containsExactlyInAnyOrder(soon.path("id").asText(),
                later.path("id").asText());
        assertThat(ids(list("tax.clerk", "sort=caseDueAt"))).containsExactly(late.path("id").asText(), soon.path("id").asText(),
                later.path("id").asText());
        assertThat(ids(list("tax.clerk", "sort=-caseDueAt"))).containsExactly(later.path("id").asText(), soon.path("id").asText(),
                late.path("id").asText());

        assertThat(ids(list("tax.clerk", "caseType=" + TAX))).hasSize(3);
        assertThat(ids(list("tax.clerk", "caseType=public-housing-low-income"))).isEmpty();
        assertThat(ids(list("tax.clerk", "step=review"))).hasSize(3);
        assertThat(ids(list("tax.clerk", "step=approve"))).isEmpty();

        // q: a case number prefix (any letter case) or the applicant's whole name (sealed, found by keyed hash, decision 033);
        // part of a name finds nothing, LIKE wildcards are literal
        String caseNo = list("tax.clerk", "").path("items").get(0).path("caseNo").asText();
        JsonNode byNumber = api.get("/api/tasks?q=" + caseNo.toLowerCase(), "tax.clerk").json();
        assertThat(byNumber.path("items")).extracting(i -> i.path("caseNo").asText()).containsExactly(caseNo);
        assertThat(ids(api.get("/api/tasks?q=" + enc(" " + name() + " "), "tax.clerk").json())).hasSize(3);
        assertThat(ids(api.get("/api/tasks?q=" + tag, "tax.clerk").json())).as("part of the name").isEmpty();
        assertThat(ids(api.get("/api/tasks?q=%25" + tag, "tax.clerk").json())).isEmpty();
        assertThat(ids(list("udd.clerk", ""))).as("another agency sees none of them").isEmpty();
    }

    @Test
    void sortsByCaseNumberAndCreationBothWays() {
        fileTaxCase("一");
        fileTaxCase("二");
        fileTaxCase("三");
        List<String> byNo = new ArrayList<>();
        list("tax.clerk", "sort=caseNo").path("items").forEach(i -> byNo.add(i.path("caseNo").asText()));
        assertThat(byNo).isSorted().hasSize(3);
        List<String> byNoDesc = new ArrayList<>();
        list("tax.clerk", "sort=-caseNo").path("items").forEach(i -> byNoDesc.add(i.path("caseNo").asText()));
        assertThat(byNoDesc).containsExactlyElementsOf(reversed(byNo));
        List<String> created = ids(list("tax.clerk", "sort=createdAt"));
        assertThat(ids(list("tax.clerk", "sort=-createdAt"))).containsExactlyElementsOf(reversed(created));
        assertThat(ids(list("tax.clerk", ""))).as("newest first by default").containsExactlyElementsOf(reversed(created));
    }

    @Test
    void theTotalStopsCountingAtTheCapAndSaysSo() {
        JsonNode review = fileTaxCase("多");
        Map<String, Object> real = jdbc.queryForMap("SELECT * FROM kuayu_task WHERE task_id = ?", review.path("id").asText());
        String prefix = "cap-" + tag + "-";
        try {
            jdbc.batchUpdate("INSERT INTO kuayu_task (task_id, case_id, process_instance_id, process_definition_id, step, name, agency, "
                    + "candidate_group, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)", java.util.stream.IntStream.range(0, 1100)
                    .mapToObj(i -> new Object[] {prefix + i, real.get("CASE_ID"), real.get("PROCESS_INSTANCE_ID"), real.get("PROCESS_DEFINITION_ID"),
                            "review", real.get("NAME"), "tpe-tax", real.get("CANDIDATE_GROUP"), Timestamp.from(Instant.now().minusSeconds(i))})
                    .toList());

            JsonNode first = list("tax.clerk", "size=50");
            assertThat(first.path("total").asLong()).as("1,101 tasks: counted up to the cap").isEqualTo(WorklistMapper.COUNT_CAP);
            assertThat(first.path("totalExact").asBoolean()).isFalse();
            assertThat(first.path("items")).hasSize(50);

            JsonNode last = list("tax.clerk", "size=50&page=22");
            assertThat(last.path("total").asLong()).as("past the cap the count reaches the page asked for").isEqualTo(1101);
            assertThat(last.path("totalExact").asBoolean()).isTrue();
            assertThat(last.path("items")).hasSize(1);

            JsonNode few = list("tax.clerk", "size=50&step=approve");
            assertThat(few.path("total").asLong()).isZero();
            assertThat(few.path("totalExact").asBoolean()).isTrue();
        } finally {
            jdbc.update("DELETE FROM kuayu_task WHERE task_id LIKE ?", prefix + "%");
        }
    }

    @Test
    void pagesNeitherOverlapNorSkipWhenSortKeysTie() {
        List<String> filed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            filed.add(fileTaxCase("頁").path("id").asText());
        }
        Timestamp same = Timestamp.from(Instant.now().minus(Duration.ofHours(1)));
        for (String taskId : filed) {
            jdbc.update("UPDATE kuayu_task SET created_at = ? WHERE task_id = ?", same, taskId);
        }
        for (String sort : List.of("createdAt", "-createdAt", "dueAt", "-dueAt", "caseDueAt", "-caseDueAt")) {
            List<String> paged = new ArrayList<>();
            for (int page = 0; page < 3; page++) {
                JsonNode answer = list("tax.clerk", "size=2&page=" + page + "&sort=" + sort);
                assertThat(answer.path("total").asLong()).isEqualTo(5);
                paged.addAll(ids(answer));
            }
            assertThat(paged).as(sort).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(filed);
            assertThat(paged).as(sort + ": the same order every time").containsExactlyElementsOf(ids(list("tax.clerk", "sort=" + sort)));
        }
    }

    @Test
    void badQueriesAreProblems() {
        for (String query : List.of("sort=applicantName", "mine=true&unassigned=true", "size=0", "size=201", "page=-1",
                "dueWithinDays=-1", "q=" + "x".repeat(81))) {
            Answer answer = api.get("/api/tasks?" + query, "tax.clerk");
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().path("detail").asText()).isNotBlank();
        }
        assertThat(api.get("/api/tasks", null).status()).isEqualTo(401);
    }

    @Test
    void claimUnclaimAndDelegateFollowTheAgencyRules() {
        String task = fileTaxCase("簽").path("id").asText();
        String base = "/api/tasks/" + task;

        assertThat(api.postJson(base + "/claim", "udd.clerk", Map.of()).status()).as("another agency").isEqualTo(403);
        assertThat(api.get(base + "/candidates", "udd.clerk").status()).isEqualTo(403);
        assertThat(api.postJson("/api/tasks/no-such-task/claim", "tax.clerk", Map.of()).status()).isEqualTo(404);

        assertThat(api.postJson(base + "/claim", "tax.clerk", Map.of()).status()).isEqualTo(204);
        assertThat(api.postJson(base + "/claim", "tax.clerk", Map.of()).status()).as("claiming again changes nothing").isEqualTo(204);
        assertThat(list("tax.clerk", "mine=true").path("items")).extracting(i -> i.path("assignee").asText()).containsExactly("tax.clerk");
        assertThat(ids(list("tax.clerk", "unassigned=true"))).isEmpty();
        assertThat(ids(list("tax.chief", "")).contains(task)).as("a task a colleague holds is not offered").isFalse();
        assertThat(ids(list("tax.chief", "includeHeldByOthers=true"))).contains(task);

        Answer taken = api.postJson(base + "/claim", "tax.chief", Map.of());
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().path("detail").asText()).contains("tax.clerk");
        assertThat(api.postJson(base + "/complete", "tax.chief", Map.of("action", "approve")).status()).isEqualTo(409);
        assertThat(api.postJson(base + "/unclaim", "tax.chief", Map.of()).status()).isEqualTo(409);

        assertThat(api.get(base + "/candidates", "tax.clerk").json()).extracting(c -> c.path("id").asText())
                .contains("tax.clerk", "tax.chief").doesNotContain("udd.clerk");
        assertThat(api.postJson(base + "/delegate", "tax.clerk", Map.of("userId", "udd.clerk")).status()).isEqualTo(400);
        assertThat(api.postJson(base + "/delegate", "tax.clerk", Map.of("userId", "nobody")).status()).isEqualTo(400);
        assertThat(api.postJson(base + "/delegate", "tax.clerk", Map.of()).status()).isEqualTo(400);
        assertThat(api.postJson(base + "/delegate", "udd.clerk", Map.of("userId", "udd.chief")).status()).isEqualTo(403);
        assertThat(api.postJson(base + "/delegate", "tax.clerk", Map.of("userId", "tax.chief")).status()).isEqualTo(204);
        assertThat(list("tax.chief", "mine=true").path("items")).extracting(i -> i.path("assignee").asText()).containsExactly("tax.chief");
        assertThat(api.postJson(base + "/complete", "tax.clerk", Map.of("action", "approve")).status())
                .as("the delegating clerk no longer holds it").isEqualTo(409);

        assertThat(api.postJson(base + "/unclaim", "tax.chief", Map.of()).status()).isEqualTo(204);
        assertThat(ids(list("tax.clerk", "unassigned=true"))).containsExactly(task);
        assertThat(api.postJson(base + "/unclaim", "tax.clerk", Map.of()).status()).as("nobody holds it").isEqualTo(204);
        assertThat(api.postJson(base + "/complete", "tax.clerk", Map.of("action", "approve", "opinion", "符合自用住宅用地要件。")).status())
                .isEqualTo(204);
        assertThat(api.postJson(base + "/claim", "tax.clerk", Map.of()).status()).as("a completed task").isEqualTo(404);
    }

    @Test
    void thePageCallsTheApiWithItsSessionAndCsrfTokenWithoutWeakeningBasic() {
        String task = fileTaxCase("頁").path("id").asText();
        PageSession page = new PageSession(port);
        assertThat(page.send("GET", "/worklist", null, "Accept", "text/html").statusCode()).as("signed out: to the login form").isEqualTo(302);
        assertThat(page.login("tax.clerk").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));

        HttpResponse<String> html = page.send("GET", "/worklist", null);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("我的工作清單", "<label for=\"q\">", "/assets/worklist/worklist.js");
        assertThat(page.send("GET", "/assets/worklist/worklist.js", null).statusCode()).isEqualTo(200);
        assertThat(page.send("GET", "/", null).body()).contains("href=\"/worklist\"");

        assertThat(page.send("GET", "/api/tasks?q=" + enc(name()), null).body()).contains(task);
        HttpResponse<String> noToken = page.send("POST", "/api/tasks/" + task + "/claim", null);
        assertThat(noToken.statusCode()).as("a cookie call without the CSRF token").isEqualTo(403);
        assertThat(noToken.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c).startsWith("application/problem+json"));
        assertThat(page.send("POST", "/api/tasks/" + task + "/claim", null, "X-CSRF-TOKEN", "forged").statusCode()).isEqualTo(403);
        assertThat(page.send("POST", "/api/tasks/" + task + "/claim", null, "X-CSRF-TOKEN", page.pageToken()).statusCode()).isEqualTo(204);
        assertThat(list("tax.clerk", "mine=true").path("items")).hasSize(1);

        // HTTP Basic as before: no session is made, no CSRF token asked; no credentials is a 401 problem with the challenge
        Answer basic = api.postJson("/api/tasks/" + task + "/unclaim", "tax.clerk", Map.of());
        assertThat(basic.status()).isEqualTo(204);
        assertThat(basic.headers().firstValue("Set-Cookie")).isEmpty();
        Answer anonymous = api.postJson("/api/tasks/" + task + "/claim", null, Map.of());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        Answer script = api.send("GET", "/api/tasks", null, null, null, "X-Requested-With", "XMLHttpRequest");
        assertThat(script.status()).isEqualTo(401);
        assertThat(script.headers().firstValue("WWW-Authenticate")).as("no browser password prompt for the page's script").isEmpty();
        assertThat(new PageSession(port).send("GET", "/api/tasks", null, "Cookie", "JSESSIONID=stale").statusCode()).isEqualTo(401);
        assertThat(page.send("GET", "/worklist/cases/" + fileTaxCase("案").path("caseId").asText(), null).body()).contains("書證謄本");
    }
}
