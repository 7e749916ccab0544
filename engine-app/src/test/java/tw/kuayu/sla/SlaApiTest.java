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
    WorkingCalendar calendar;

    ApiClient api;
    SlaSeed seed;

    @BeforeAll
    void seed() {
        api = new ApiClient(port);
        seed = new SlaSeed(cases, tasks);
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
        JsonNode steps = get("/api/sla/steps?" + MARCH).path("steps");
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
    void everyReportExportsAsCsvWithAByteOrderMark() {
        for (String report : new String[] {"summary", "steps", "overdue"}) {
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
        for (String report : new String[] {"summary", "steps", "overdue"}) {
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
}
