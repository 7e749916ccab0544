package tw.kuayu.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Kuayu's own pages as a user works them; shared by the browser tests and {@link GuideScreenshots}. */
public final class KuayuPages {

    private KuayuPages() {
    }

    /** Signs in on /login (the browser must be showing it) and waits for the start page. */
    public static void signIn(Browser browser, String user) {
        browser.type(By.id("username"), user);
        browser.type(By.id("password"), "demo");
        browser.find(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        // Spring Security returns to the saved request: "/" itself, or "/?continue" after a redirect to /login.
        browser.waitFor(ExpectedConditions.urlMatches("^" + java.util.regex.Pattern.quote(browser.url("/")) + "(\\?continue)?$"));
    }

    /** Opens the SLA dashboard (signed in as a manager) at {@code path} and waits until its figures and charts are drawn. */
    public static void openDashboard(Browser browser, String path) {
        browser.open(path);
        browser.waitFor(d -> !d.findElement(By.id("kpi-received")).getText().equals("—")
                && !d.findElements(By.cssSelector("#bottleneck-chart canvas")).isEmpty()
                && !d.findElements(By.cssSelector("#bottlenecks tbody tr")).isEmpty() ? true : null);
    }

    /** Looks a case up on the public /status page and returns the result's text once shown. */
    public static String lookUpStatus(Browser browser, String caseNo, String nationalId) {
        browser.open("/status");
        browser.type(By.id("caseNo"), caseNo);
        browser.type(By.id("nationalId"), nationalId);
        browser.find(By.cssSelector("#query button[type=submit]")).click();
        return browser.waitFor(d -> {
            String text = d.findElement(By.id("result")).getText();
            return text.isBlank() ? null : text;
        });
    }
}
