package tw.kuayu.sla;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.tasks.TaskMapper;

/** The SLA reports over real HTTP as the demo manager, on the seeded March 2025 data set with known answers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlaApiTest {

    static final String MARCH = "from=2025-03-01&to=2025-03-31";

    @LocalServerPort
    int port;
    @Autowired
    CaseMapper cases;
    @Autowired
    TaskMapper tasks;
    @Autowired
    SlaRollup rollup;
    @Autowired
    WorkingCalendar calendar;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    ApiClient api;
    SlaSeed seed;

    @BeforeAll
    void seed() {
        api = new ApiClient(port);
        seed = new SlaSeed(cases, tasks, rollup);
        seed.write();
    }

    JsonNode get(String path) {
        Answer answer = api.get(path, "manager");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    static JsonNode line(JsonNode lines, String key) {
        for (JsonNode line : lines) {
            if (line.path("key").asText().equals(key)) {
                return line;
            }
        }
        throw new AssertionError("no line " + key + " in " + lines);
    }

    @Test
    void theSummaryCountsOnTimeOpenAndOverdueCasesPerAgencyAndCaseType() {
        JsonNode summary = get("/api/sla/summary?" + MARCH);
        JsonNode total = summary.path("total");
        assertThat(total.path("received").asLong()).isEqualTo(7);
        assertThat(total.path("decided").asLong()).isEqualTo(3);
        assertThat(total.path("decidedOnTime").asLong()).isEqualTo(2);
        assertThat(total.path("onTimeRate").asDouble()).isEqualTo(0.6667);
        assertThat(total.path("withdrawn").asLong()).isEqualTo(1);
        assertThat(total.path("open").asLong()).isEqualTo(3);
        assertThat(total.path("overdueOpen").asLong()).as("F's clock stopped before its due date").isEqualTo(2);

        JsonNode tax = line(summary.path("byAgency"), "tpe-tax");
        assertThat(tax.path("name").asText()).isEqualTo("臺北市稅捐稽徵處");
        assertThat(tax.path("received").asLong()).isEqualTo(4);
        assertThat(tax.path("onTimeRate").asDouble()).isEqualTo(0.5);
        assertThat(tax.path("overdueOpen").asLong()).isEqualTo(1);
        JsonNode udd = line(summary.path("byAgency"), "tpe-udd");
        assertThat(udd.path("onTimeRate").asDouble()).isEqualTo(1.0);
        assertThat(udd.path("open").asLong()).isEqualTo(2);
        JsonNode housing = line(summary.path("byCaseType"), SlaSeed.HOUSING);
        assertThat(housing.path("name").asText()).isEqualTo("低收入戶申請承租社會住宅");
        assertThat(housing.path("received").asLong()).isEqualTo(3);

        JsonNode uddOnly = get("/api/sla/summary?" + MARCH + "&agency=tpe-udd");
        assertThat(uddOnly.path("total").path("received").asLong()).isEqualTo(3);
        assertThat(uddOnly.path("byAgency")).hasSize(1);
        assertThat(get("/api/sla/summary?from=2025-04-01&to=2025-04-30&caseType=" + SlaSeed.TAX).path("total").path("received").asLong())
                .as("H, received in April").isGreaterThanOrEqualTo(1);
    }

    @Test
    void stepDurationsGiveP50AndP90PerStepAndAgency() {
        JsonNode report = get("/api/sla/steps?" + MARCH);
        assertThat(report.path("sampled").asBoolean()).as("every completed task of the range read").isFalse();
        JsonNode steps = report.path("steps");
        JsonNode review = step(steps, "review", "tpe-tax");
        assertThat(review.path("completed").asLong()).isEqualTo(3);
        assertThat(review.path("late").asLong()).isEqualTo(1);
        assertThat(review.path("p50Hours").asDouble()).isEqualTo(4.0);
        assertThat(review.path("p90Hours").asDouble()).isEqualTo(58.4);
        assertThat(review.path("p50WorkingDays").asDouble()).isEqualTo(0.0);
        assertThat(review.path("p90WorkingDays").asDouble()).isEqualTo(0.8);
        JsonNode social = step(steps, "jointReview", "tpe-social");
        assertThat(social.path("completed").asLong()).as("open tasks are not durations").isEqualTo(1);
        assertThat(social.path("p50Hours").asDouble()).isEqualTo(54.0);
        assertThat(social.path("p50WorkingDays").asDouble()).isEqualTo(2.0);
        assertThat(social.path("agencyName").asText()).isEqualTo("臺北市政府社會局");
        assertThat(steps).hasSize(3);
        long completed = 0;
        for (JsonNode s : steps) {
            completed += s.path("completed").asLong();
        }
        assertThat(report.path("tasksRead").asLong()).isEqualTo(completed);

        assertThat(get("/api/sla/steps?" + MARCH + "&agency=tpe-social").path("steps")).hasSize(1);
    }

    @Test
    void theOverdueListStartsWithTheOldestAndShowsWhereEachCaseIsStuck() {
        Answer answer = api.get("/api/sla/overdue?" + MARCH, "manager");
        assertThat(answer.headers().firstValue("X-Total-Count")).contains("2");
        JsonNode items = answer.json().path("items");
        assertThat(items).extracting(i -> i.path("caseNo").asText()).containsExactly("114-" + seed.prefix + "-D", "114-" + seed.prefix + "-G");
        JsonNode d = items.get(0);
        assertThat(d.path("ownerAgencyName").asText()).isEqualTo("臺北市稅捐稽徵處");
        assertThat(d.path("applicantMasked").asText()).isEqualTo("王○明 A12****789");
        assertThat(answer.text()).doesNotContain("A123456789").doesNotContain("王小明");
        assertThat(d.path("workingDaysOverdue").asInt())
                .isEqualTo(calendar.between(SlaSeed.taipei("2025-03-26T23:59:59"), java.time.Instant.now()));
        assertThat(d.path("currentSteps")).extracting(s -> s.path("step").asText()).containsExactly("review");
        assertThat(items.get(1).path("currentSteps")).extracting(s -> s.path("agency").asText())
                .containsExactlyInAnyOrder("tpe-social", "tpe-land");

        JsonNode second = get("/api/sla/overdue?" + MARCH + "&page=1&size=1");
        assertThat(second.path("items")).extracting(i -> i.path("caseNo").asText()).containsExactly("114-" + seed.prefix + "-G");
        assertThat(second.path("total").asLong()).isEqualTo(2);
    }

    @Test
    void theBottleneckViewRanksStepsByHowLongTheyHoldCases() {
        JsonNode all = get("/api/sla/bottlenecks?" + MARCH);
        java.time.Instant asOf = java.time.Instant.parse(all.path("asOf").asText());
        JsonNode rows = all.path("rows");
        assertThat(rows).extracting(r -> r.path("step").asText() + "/" + r.path("agency").asText())
                .as("the land office's review, open since 12 March, holds longest").startsWith("jointReview/tpe-land")
                .containsExactlyInAnyOrder("jointReview/tpe-land", "jointReview/tpe-social", "review/tpe-tax", "approve/tpe-tax");
        JsonNode land = rows.get(0);
        assertThat(land.path("agencyName").asText()).isEqualTo("臺北市政府地政局");
        assertThat(land.path("open").asLong()).isEqualTo(1);
        assertThat(land.path("oldestOpenSince").asText()).isEqualTo(SlaSeed.taipei("2025-03-12T10:00").toString());
        double waited = java.time.Duration.between(SlaSeed.taipei("2025-03-12T10:00"), asOf).toSeconds() / 3600.0;
        assertThat(land.path("oldestOpenHours").asDouble()).isCloseTo(waited, org.assertj.core.data.Offset.offset(0.1));
        assertThat(land.path("avgHeldHours").asDouble()).isCloseTo(waited, org.assertj.core.data.Offset.offset(0.1));

        JsonNode review = step(rows, "review", "tpe-tax");
        assertThat(review.path("tasks").asLong()).as("A, B, C completed and D open").isEqualTo(4);
        assertThat(review.path("open").asLong()).isEqualTo(1);
        assertThat(review.path("completedLate").asLong()).isEqualTo(1);
        double dWaited = java.time.Duration.between(SlaSeed.taipei("2025-03-06T10:00"), asOf).toSeconds() / 3600.0;
        assertThat(review.path("maxHeldHours").asDouble()).isCloseTo(dWaited, org.assertj.core.data.Offset.offset(0.1));
        assertThat(review.path("avgHeldHours").asDouble()).isCloseTo((2 + 4 + 72 + dWaited) / 4, org.assertj.core.data.Offset.offset(0.1));
        JsonNode approve = step(rows, "approve", "tpe-tax");
        assertThat(approve.path("avgHeldHours").asDouble()).isEqualTo(1.0);
        assertThat(approve.path("oldestOpenSince").isNull()).isTrue();
        double shares = 0;
        for (JsonNode r : rows) {
            shares += r.path("share").asDouble();
        }
        assertThat(shares).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.001));

        JsonNode joint = get("/api/sla/bottlenecks?" + MARCH + "&step=jointReview");
        assertThat(joint.path("step").asText()).isEqualTo("jointReview");
        assertThat(joint.path("rows")).extracting(r -> r.path("agency").asText()).containsExactly("tpe-land", "tpe-social");
        JsonNode social = joint.path("rows").get(1);
        assertThat(social.path("tasks").asLong()).as("E's completed review (54 h) and G's open one").isEqualTo(2);
        assertThat(social.path("maxHeldHours").asDouble()).isCloseTo(waited, org.assertj.core.data.Offset.offset(0.1));
        assertThat(get("/api/sla/bottlenecks?" + MARCH + "&agency=tpe-social").path("rows")).hasSize(1);
        assertThat(api.get("/api/sla/bottlenecks?step=" + java.net.URLEncoder.encode("x'; --", StandardCharsets.UTF_8), "manager").status())
                .isEqualTo(400);
    }

    @Test
    void theTrendGivesTheOnTimeRatePerMonthOfReceiptInTaipeiTime() {
        JsonNode trend = get("/api/sla/trend?" + MARCH);
        assertThat(trend.path("months")).extracting(JsonNode::asText).containsExactly("2025-03");
        JsonNode tax = line(trend.path("byAgency"), "tpe-tax").path("points").get(0);
        assertThat(tax.path("received").asLong()).isEqualTo(4);
        assertThat(tax.path("decided").asLong()).isEqualTo(2);
        assertThat(tax.path("onTimeRate").asDouble()).isEqualTo(0.5);
        JsonNode housing = line(trend.path("byCaseType"), SlaSeed.HOUSING).path("points").get(0);
        assertThat(housing.path("onTimeRate").asDouble()).isEqualTo(1.0);

        // 1 April 02:00 in Taipei is still 31 March in UTC: the month is Taipei's
        seed.insert("T", SlaSeed.TAX, "tpe-tax", "2025-04-01T02:00", "2025-04-21T23:59:59", "in-progress", null);
        JsonNode april = get("/api/sla/trend?from=2025-04-01&to=2025-04-01");
        assertThat(april.path("months")).extracting(JsonNode::asText).containsExactly("2025-04");
        assertThat(line(april.path("byAgency"), "tpe-tax").path("points").get(0).path("onTimeRate").isNull()).isTrue();
    }

    @Test
    void anAgencyManagerSeesOnlyTheirAgencysCasesAndTheStepsOnThem() {
        Answer summary = api.get("/api/sla/summary?" + MARCH, "udd.manager");
        assertThat(summary.status()).as(summary.text()).isEqualTo(200);
        assertThat(summary.json().path("total").path("received").asLong()).as("E, F, G").isEqualTo(3);
        assertThat(summary.json().path("byAgency")).extracting(l -> l.path("key").asText()).containsExactly("tpe-udd");

        Answer otherAgency = api.get("/api/sla/summary?" + MARCH + "&agency=tpe-tax", "udd.manager");
        assertThat(otherAgency.status()).isEqualTo(403);
        assertThat(otherAgency.json().path("detail").asText()).contains("臺北市政府都市發展局");
        assertThat(api.get("/api/sla/overdue?agency=tpe-tax", "udd.manager").status()).isEqualTo(403);
        assertThat(api.get("/api/sla/trend?agency=tpe-tax", "udd.manager").status()).isEqualTo(403);

        Answer overdue = api.get("/api/sla/overdue?" + MARCH, "udd.manager");
        assertThat(overdue.json().path("items")).extracting(i -> i.path("caseNo").asText()).containsExactly("114-" + seed.prefix + "-G");
        assertThat(api.get("/api/sla/overdue?" + MARCH + "&format=csv", "udd.manager").text())
                .contains("114-" + seed.prefix + "-G").doesNotContain("114-" + seed.prefix + "-D");

        JsonNode steps = api.get("/api/sla/steps?" + MARCH, "udd.manager").json().path("steps");
        assertThat(steps).extracting(st -> st.path("step").asText() + "/" + st.path("agency").asText())
                .as("the social office's review of E, not the tax office's own steps").containsExactly("jointReview/tpe-social");
        JsonNode bottlenecks = api.get("/api/sla/bottlenecks?" + MARCH, "udd.manager").json().path("rows");
        assertThat(bottlenecks).extracting(r -> r.path("agency").asText()).containsExactlyInAnyOrder("tpe-land", "tpe-social");
        assertThat(api.get("/api/sla/bottlenecks?" + MARCH + "&format=csv", "udd.manager").text()).doesNotContain("tpe-tax");
        JsonNode trend = api.get("/api/sla/trend?" + MARCH, "udd.manager").json();
        assertThat(trend.path("byAgency")).extracting(l -> l.path("key").asText()).containsExactly("tpe-udd");
        assertThat(api.get("/api/sla/summary?" + MARCH + "&format=csv", "udd.manager").text()).doesNotContain("tpe-tax");
    }

    @Test
    void aCityWideManagerSeesEveryAgency() {
        assertThat(get("/api/sla/summary?" + MARCH).path("byAgency")).extracting(l -> l.path("key").asText())
                .containsExactly("tpe-tax", "tpe-udd");
        assertThat(get("/api/sla/overdue?" + MARCH + "&agency=tpe-tax").path("total").asLong()).isEqualTo(1);
    }

    @Test
    void everyReportExportsAsCsvWithAByteOrderMark() {
        for (String report : new String[] {"summary", "trend", "steps", "bottlenecks", "overdue"}) {
            Answer csv = api.get("/api/sla/" + report + "?" + MARCH + "&format=csv", "manager");
            assertThat(csv.status()).as(report + ": " + csv.text()).isEqualTo(200);
            assertThat(csv.contentType()).startsWith("text/csv");
            assertThat(Arrays.copyOf(csv.body(), 3)).as(report).containsExactly(0xEF, 0xBB, 0xBF);
            assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("sla-" + report + ".csv");
        }
        String summary = new String(api.get("/api/sla/summary?" + MARCH + "&format=csv", "manager").body(), StandardCharsets.UTF_8);
        assertThat(summary).contains("機關 agency,tpe-tax,臺北市稅捐稽徵處,4,2,1,0.5,1,1,1\r\n");
        String overdue = api.get("/api/sla/overdue?" + MARCH + "&format=csv", "manager").text();
        assertThat(overdue).contains("王○明 A12****789").doesNotContain("A123456789");
    }

    @Test
    void onlyManagersSeeTheReports() {
        for (String report : new String[] {"summary", "trend", "steps", "bottlenecks", "overdue"}) {
            assertThat(api.get("/api/sla/" + report, "tax.clerk").status()).as(report).isEqualTo(403);
            assertThat(api.get("/api/sla/" + report, null).status()).as(report).isEqualTo(401);
        }
    }

    @Test
    void badFiltersAreProblemsInChinese() {
        for (String query : new String[] {"from=2025-13-01", "from=2025-04-01&to=2025-03-01", "agency=tpe-nowhere", "caseType=nothing",
                "format=xml"}) {
            Answer answer = api.get("/api/sla/summary?" + query, "manager");
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.contentType()).as(query).startsWith("application/problem+json");
            assertThat(answer.json().path("detail").asText()).as(query).isNotBlank();
        }
        assertThat(api.get("/api/sla/summary?from=2025-13-01", "manager").json().path("detail").asText()).contains("from").contains("ISO 日期");
        assertThat(api.get("/api/sla/overdue?page=-1", "manager").status()).isEqualTo(400);
        assertThat(api.get("/api/sla/overdue?size=100000", "manager").status()).isEqualTo(400);
        assertThat(api.get("/api/sla/overdue?page=x", "manager").status()).isEqualTo(400);
    }

    static JsonNode step(JsonNode steps, String step, String agency) {
        for (JsonNode s : steps) {
            if (s.path("step").asText().equals(step) && s.path("agency").asText().equals(agency)) {
                return s;
            }
        }
        throw new AssertionError("no step " + step + "/" + agency + " in " + steps);
    }

    /** Intake, the decision, the withdrawal and the completed steps of real process runs each add to the SLA rollup once. */
    @Test
    void casesFiledDecidedAndWithdrawnThroughTheApiAreCountedInTheRollup() {
        tw.kuayu.cases.CaseDriver driver = new tw.kuayu.cases.CaseDriver(port);
        java.time.LocalDate today = java.time.LocalDate.now(WorkingCalendar.TAIPEI);
        long[] before = day(today);
        long[] stepsBefore = {completed(today, "review"), completed(today, "approve")};
        java.util.Map<String, Object> parcel = java.util.Map.of("parcelNo", "大安區龍泉段二小段0123-0000");
        String decided = driver.file("tax.clerk", SlaSeed.TAX, "A123456789", "王小明", parcel);
        String withdrawn = driver.file("tax.clerk", SlaSeed.TAX, "A123456789", "王小明", parcel);
        driver.act(decided, "review", "tax.clerk", "approve", "擬准。");
        driver.act(decided, "approve", "tax.chief", "approve", "准。");
        assertThat(driver.waitUntilClosed(decided, "tax.clerk").path("status").asText()).isEqualTo("approved");
        driver.waitForTask(withdrawn, "review", "tax.clerk");
        Answer w = api.postJson("/api/cases/" + withdrawn + "/withdraw", "tax.clerk", java.util.Map.of("note", "申請人來函撤回。"));
        assertThat(w.status()).as(w.text()).isEqualTo(204);
        assertThat(driver.waitUntilClosed(withdrawn, "tax.clerk").path("status").asText()).isEqualTo("withdrawn");

        long[] after = day(today);
        assertThat(after[0] - before[0]).as("received").isEqualTo(2);
        assertThat(after[1] - before[1]).as("decided").isEqualTo(1);
        assertThat(after[2] - before[2]).as("decided on time").isEqualTo(1);
        assertThat(after[3] - before[3]).as("withdrawn").isEqualTo(1);
        assertThat(completed(today, "review") - stepsBefore[0]).as("completed reviews").isEqualTo(1);
        assertThat(completed(today, "approve") - stepsBefore[1]).as("completed approvals").isEqualTo(1);
    }

    private long[] day(java.time.LocalDate day) {
        return jdbc.query("SELECT received, decided, decided_on_time, withdrawn FROM kuayu_sla_day WHERE received_day = ? "
                        + "AND owner_agency = 'tpe-tax' AND case_type = ?", r -> r.next()
                        ? new long[] {r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)} : new long[4],
                java.sql.Date.valueOf(day), SlaSeed.TAX);
    }

    private long completed(java.time.LocalDate day, String step) {
        Long n = jdbc.queryForObject("SELECT SUM(completed) FROM kuayu_sla_step_day WHERE received_day = ? AND owner_agency = 'tpe-tax' "
                + "AND case_type = ? AND step = ? AND agency = 'tpe-tax'", Long.class, java.sql.Date.valueOf(day), SlaSeed.TAX, step);
        return n == null ? 0 : n;
    }
}
