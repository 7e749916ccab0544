package tw.kuayu.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The studio page (/studio) as a process owner works it; shared by {@link StudioPageTest} and {@link GuideScreenshots}. */
public record StudioPage(Browser browser) {

    static StudioPage open(Browser browser, String user) {
        browser.open("/login");
        KuayuPages.signIn(browser, user);
        browser.click(browser.find(By.linkText("流程工作室")));
        browser.waitFor(d -> !d.findElements(By.cssSelector("#definitions tbody tr")).isEmpty());
        return new StudioPage(browser);
    }

    void openVersion(String key, int version) {
        browser.click(browser.find(By.cssSelector("tr[data-key='" + key + "'] button[data-version='" + version + "']")));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "已開啟"));
    }

    /** Opens the newest version (listed first). */
    void openLatest(String key) {
        browser.click(browser.find(By.cssSelector("tr[data-key='" + key + "'] td.versions button")));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "已開啟"));
    }

    void clickElement(String id) {
        WebElement shape = browser.waitFor(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#canvas g.djs-element[data-element-id='" + id + "'] .djs-hit")));
        new Actions(browser.driver).moveToElement(shape).click().perform();
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("element-info"), "代碼：" + id));
    }

    WebElement field(String id) {
        return browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    /** Replaces a panel field's value and leaves the field, which applies it to the model. */
    void set(String id, String value) {
        field(id).sendKeys(Keys.chord(Keys.CONTROL, "a"), value, Keys.TAB);
        browser.waitFor(d -> value.equals(d.findElement(By.id(id)).getAttribute("value")));
    }

    /** Runs the deploy checks and answers the summary line. */
    String check() {
        browser.click(browser.find(By.id("check")));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "檢查完成"));
        return browser.find(By.id("findings-summary")).getText();
    }

    /** Deploys with a reason and answers the status line once the page has an answer. */
    String deploy(String reason) {
        browser.type(By.id("reason"), reason);
        browser.click(browser.find(By.cssSelector("#deploy button[type=submit]")));
        return browser.waitFor(d -> {
            String text = d.findElement(By.id("status")).getText();
            return text.isBlank() || text.equals("部署中…") ? null : text;
        });
    }
}
