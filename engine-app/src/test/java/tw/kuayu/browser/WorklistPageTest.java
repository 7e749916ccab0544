package tw.kuayu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The worklist page in a browser: a clerk finds a case by number, opens it, sees the evidence and completes it; another agency sees nothing. */
class WorklistPageTest extends BrowserTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aClerkFindsOpensAndCompletesACaseThatAnotherAgencyNeverSees() {
        String caseId = fileLandTaxCase();
        cases.waitForTask(caseId, "review", "tax.clerk");
        String caseNo = cases.caseView(caseId, "tax.clerk").path("caseNo").asText();
        jdbc.update("UPDATE kuayu_case SET due_at = ? WHERE id = ?", Timestamp.from(Instant.now().minus(Duration.ofDays(4))), caseId);

        browser.open("/login");
        KuayuPages.signIn(browser, "tax.clerk");
        assertThat(browser.find(By.cssSelector("a[href='/worklist']")).getText()).isEqualTo("我的工作清單");
        browser.open("/worklist");
        browser.type(By.id("q"), caseNo);
        browser.find(By.id("q")).sendKeys(Keys.ENTER);
        String row = browser.waitFor(d -> {
            try {
                List<WebElement> rows = d.findElements(By.cssSelector("#tasks tbody tr"));
                return rows.size() == 1 && rows.get(0).getText().contains(caseNo) ? rows.get(0).getText() : null;
            } catch (StaleElementReferenceException redrawn) {
                return null;
            }
        });
        assertThat(row).contains("王小明", "A12****789", "承辦審查", "未簽收", "逾期").doesNotContain("A123456789");
        assertThat(browser.find(By.cssSelector("#tasks tbody tr")).getAttribute("class")).contains("overdue");

        browser.click(browser.find(By.linkText(caseNo)));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("evidence"), "調閱時間"));
        assertThat(browser.findAll(By.cssSelector("#evidence article"))).hasSize(2);
        assertThat(browser.find(By.id("title")).getText()).contains(caseNo);

        browser.click(browser.find(By.id("claim")));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("holder"), "承辦人：tax.clerk"));
        browser.click(browser.find(By.id("action-approve")));
        browser.type(By.id("opinion"), "經查符合自用住宅用地要件，擬准。");
        browser.click(browser.find(By.cssSelector("#complete button[type=submit]")));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "已送出辦理結果"));
        assertThat(browser.find(By.id("history")).getText()).contains("tax.clerk", "核准", "經查符合自用住宅用地要件，擬准。");

        JsonNode view = cases.caseView(caseId, "tax.clerk");
        assertThat(view.path("opinions")).anySatisfy(o -> {
            assertThat(o.path("step").asText()).isEqualTo("review");
            assertThat(o.path("userId").asText()).isEqualTo("tax.clerk");
            assertThat(o.path("action").asText()).isEqualTo("approve");
        });

        browser.signOutEverywhere();
        browser.open("/login");
        KuayuPages.signIn(browser, "udd.clerk");
        browser.open("/worklist?q=" + caseNo);
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "沒有符合條件的待辦任務"));
        assertThat(browser.text()).doesNotContain(caseNo);
        browser.open("/worklist/cases/" + caseId);
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "查無此案件"));
        assertThat(browser.find(By.id("evidence")).getText()).isEmpty();
    }
}
