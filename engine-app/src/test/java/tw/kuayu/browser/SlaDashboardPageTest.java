package tw.kuayu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.sla.SlaHistory;
import tw.kuayu.tasks.TaskMapper;

/**
 * The managers' dashboard in a browser, on a generated history: the figures are the API's, the
 * date filter narrows them, an overdue case opens on the case page; an agency manager sees their
 * agency only and a caseworker is refused.
 */
class SlaDashboardPageTest extends BrowserTest {

    static final String RANGE = "from=2026-04-01&to=2026-10-31";

    @Autowired
    CaseMapper caseMapper;
    @Autowired
    TaskMapper taskMapper;
    @Autowired
    tw.kuayu.sla.SlaRollup rollup;
    @Autowired
    WorkingCalendar calendar;
    @Autowired
    org.camunda.bpm.engine.RepositoryService repository;

    @Test
    void aManagerSeesTheApisFiguresFiltersByDateAndFollowsAnOverdueCase() {
        new SlaHistory(caseMapper, taskMapper, rollup, calendar, repository, 5).write(YearMonth.of(2026, 4), YearMonth.of(2026, 10), 3, Instant.now());

        browser.open("/login");
        KuayuPages.signIn(browser, "manager");
        assertThat(browser.find(By.cssSelector("a[href='/sla']")).getText()).isEqualTo("處理時限儀表板");
        KuayuPages.openDashboard(browser, "/sla");
        assertThat(browser.find(By.id("scope")).getText()).isEqualTo("全市各機關");

        setDate("from", "2026-04-01");
        setDate("to", "2026-10-31");
        browser.click(browser.find(By.cssSelector("#filters button[type=submit]")));
        browser.waitFor(ExpectedConditions.urlContains(RANGE));
        JsonNode summary = cases.api.get("/api/sla/summary?" + RANGE, "manager").json();
        JsonNode total = summary.path("total");
        browser.waitFor(ExpectedConditions.textToBe(By.id("kpi-received"), total.path("received").asText()));
        assertThat(browser.find(By.id("kpi-open")).getText()).isEqualTo(total.path("open").asText());
        assertThat(browser.find(By.id("kpi-overdue")).getText()).isEqualTo(total.path("overdueOpen").asText());
        assertThat(browser.find(By.id("kpi-rate")).getText()).isEqualTo(percent(total.path("onTimeRate").asDouble()));
        assertThat(total.path("overdueOpen").asLong()).as("the history has overdue cases").isPositive();
        String summaryTable = browser.find(By.id("summary")).getText();
        for (JsonNode line : summary.path("byAgency")) {
            assertThat(summaryTable).contains(line.path("name").asText() + " " + line.path("received").asText() + " "
                    + line.path("decided").asText());
        }

        JsonNode trend = cases.api.get("/api/sla/trend?" + RANGE, "manager").json();
        assertThat(browser.find(By.cssSelector("#trend thead")).getText()).contains("2026-04", "2026-10");
        assertThat(browser.findAll(By.cssSelector("#trend tbody tr"))).hasSize(trend.path("byAgency").size());
        assertThat(browser.findAll(By.cssSelector("#trend-chart canvas"))).as("the chart is drawn").isNotEmpty();

        JsonNode bottlenecks = cases.api.get("/api/sla/bottlenecks?" + RANGE, "manager").json().path("rows");
        List<WebElement> bottleneckRows = browser.findAll(By.cssSelector("#bottlenecks tbody tr"));
        assertThat(bottleneckRows).hasSize(bottlenecks.size());
        assertThat(bottleneckRows.get(0).getText()).startsWith(bottlenecks.get(0).path("stepName").asText() + " "
                + bottlenecks.get(0).path("agencyName").asText());
        new org.openqa.selenium.support.ui.Select(browser.find(By.id("step"))).selectByValue("jointReview");
        browser.waitFor(d -> rows(d, "#bottlenecks tbody tr").stream().allMatch(r -> r.startsWith("會辦審查")) ? true : null);
        assertThat(browser.find(By.cssSelector("a.csv[data-report=bottlenecks]")).getAttribute("href"))
                .contains("step=jointReview").contains("format=csv").contains("from=2026-04-01");
        assertThat(browser.find(By.cssSelector("a.csv[data-report=summary]")).getAttribute("href")).endsWith("/api/sla/summary?" + RANGE
                + "&format=csv");
        assertThat(browser.findAll(By.cssSelector("#steps tbody tr")))
                .hasSize(cases.api.get("/api/sla/steps?" + RANGE, "manager").json().path("steps").size());

        JsonNode oldest = cases.api.get("/api/sla/overdue?" + RANGE + "&size=10", "manager").json();
        assertThat(browser.find(By.id("overdue-count")).getText()).contains("共 " + oldest.path("total").asText() + " 件");
        String caseNo = oldest.path("items").get(0).path("caseNo").asText();
        String caseId = oldest.path("items").get(0).path("caseId").asText();
        assertThat(browser.find(By.cssSelector("#overdue tbody tr")).getText()).startsWith(caseNo)
                .contains(oldest.path("items").get(0).path("workingDaysOverdue").asText());
        browser.click(browser.find(By.linkText(caseNo)));
        browser.waitFor(ExpectedConditions.urlToBe(browser.url("/worklist/cases/" + caseId)));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("title"), caseNo));
    }

    @Test
    void anAgencyManagerSeesTheirAgencyOnlyAndACaseworkerIsRefused() {
        browser.open("/login");
        KuayuPages.signIn(browser, "udd.manager");
        KuayuPages.openDashboard(browser, "/sla?" + RANGE);
        JsonNode total = cases.api.get("/api/sla/summary?" + RANGE, "udd.manager").json().path("total");
        browser.waitFor(ExpectedConditions.textToBe(By.id("kpi-received"), total.path("received").asText()));
        assertThat(browser.find(By.id("scope")).getText()).isEqualTo("臺北市政府都市發展局");
        assertThat(browser.findAll(By.cssSelector("#agency option"))).extracting(WebElement::getText)
                .containsExactly("本機關全部", "臺北市政府都市發展局");
        assertThat(browser.find(By.id("summary")).getText()).doesNotContain("臺北市稅捐稽徵處");

        browser.signOutEverywhere();
        browser.open("/login");
        KuayuPages.signIn(browser, "tax.clerk");
        assertThat(browser.findAll(By.cssSelector("a[href='/sla']"))).isEmpty();
        browser.open("/sla");
        assertThat(browser.text()).contains("您的帳號沒有執行此操作的權限").doesNotContain("處理時限儀表板");
    }

    private void setDate(String id, String isoDate) {
        // a date field's typing order follows the browser's locale; the page reads the ISO value either way
        browser.driver.executeScript("arguments[0].value = arguments[1]", browser.find(By.id(id)), isoDate);
    }

    private static List<String> rows(org.openqa.selenium.WebDriver d, String css) {
        try {
            return d.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
        } catch (StaleElementReferenceException redrawn) {
            return List.of("");
        }
    }

    static String percent(double rate) {
        double p = Math.round(rate * 1000) / 10.0;
        return (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)) + "%";
    }
}
