package tw.kuayu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** A name and a parcel with characters outside the BMP shown unchanged in the worklist and on the case page. */
class RareCharactersPageTest extends BrowserTest {

    static final String NAME = "王𡘙明";
    static final String PARCEL = "大安區𠮷𡘙段0123-0000";

    @Test
    void theWorklistAndTheCasePageShowTheCharactersUnchanged() {
        String caseId = cases.file("tax.clerk", LAND_TAX, "A123456789", NAME, Map.of("parcelNo", PARCEL));
        cases.waitForTask(caseId, "review", "tax.clerk");
        String caseNo = cases.caseView(caseId, "tax.clerk").path("caseNo").asText();

        browser.open("/login");
        KuayuPages.signIn(browser, "tax.clerk");
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
        assertThat(row).contains(NAME, "A12****789").doesNotContain("A123456789");

        browser.click(browser.find(By.linkText(caseNo)));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("application"), PARCEL));
        assertThat(browser.find(By.id("application")).getText()).contains(NAME + "（A12****789）", PARCEL);
    }
}
