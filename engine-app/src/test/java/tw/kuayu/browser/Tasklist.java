package tw.kuayu.browser;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The Camunda Tasklist as a caseworker uses it: sign in, the filter's task list, a task with its Camunda Form. */
public final class Tasklist {

    static final String PATH = "/camunda/app/tasklist/default/";

    private final Browser browser;

    public Tasklist(Browser browser) {
        this.browser = browser;
    }

    /** Signs in through the Tasklist's own login form and waits for the task list to load. */
    public Tasklist login(String user) {
        browser.open(PATH + "#/login");
        By username = By.cssSelector("form[name=signinForm] input[ng-model=username]");
        By password = By.cssSelector("form[name=signinForm] input[ng-model=password]");
        // The login page moves the focus to the user name once its script has started, which can land
        // in the middle of typing the password: type again until both fields hold what was typed.
        for (int attempt = 1; ; attempt++) {
            browser.type(username, user);
            browser.type(password, "demo");
            try {
                new WebDriverWait(browser.driver, Duration.ofSeconds(2)).until(d -> user.equals(d.findElement(username).getDomProperty("value"))
                        && "demo".equals(d.findElement(password).getDomProperty("value")));
                break;
            } catch (TimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        browser.find(By.cssSelector("form[name=signinForm] button[type=submit]")).click();
        browser.waitFor(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("form[name=signinForm]")));
        return waitForList();
    }

    /** Waits until the selected filter's list has loaded (tasks shown, or none). */
    public Tasklist waitForList() {
        browser.waitFor(d -> !d.findElements(By.cssSelector(".tasks-list li.task")).isEmpty()
                || !d.findElements(By.cssSelector("[cam-tasks] .no-tasks, [cam-tasks] .well")).isEmpty()
                || d.findElement(By.tagName("body")).getText().contains("No task"));
        return this;
    }

    /** The links of the listed tasks; each link's URL carries the task id. */
    public List<WebElement> taskLinks() {
        return browser.findAll(By.cssSelector(".tasks-list li.task h4.task a"));
    }

    public boolean lists(String taskId) {
        return taskLinks().stream().anyMatch(a -> String.valueOf(a.getAttribute("href")).contains(taskId));
    }

    /** Opens a task from the list by its id, and waits for its form (Camunda Form, rendered by form-js). */
    public Tasklist openFromList(String taskId) {
        WebElement link = browser.waitFor(d -> taskLinks().stream()
                .filter(a -> String.valueOf(a.getAttribute("href")).contains(taskId)).findFirst().orElse(null));
        link.click();
        return waitForForm();
    }

    public Tasklist waitForForm() {
        browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
        return this;
    }

    /** The task header's name (e.g. 承辦審查). */
    public String taskName() {
        return browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".task-details .names h2"))).getText();
    }

    /** Claims the group task for the signed-in user, which enables its form. */
    public Tasklist claim() {
        browser.waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector("button.claim"))).click();
        browser.waitFor(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("button.claim")));
        return this;
    }

    /** Chooses a radio option of the form by its label (e.g. 擬准). */
    public Tasklist choose(String optionLabel) {
        browser.click(browser.waitFor(ExpectedConditions.elementToBeClickable(
                By.xpath("//div[contains(@class,'fjs-container')]//label[normalize-space(.)='" + optionLabel + "']"))));
        return this;
    }

    /** Types into the form field with the given label (e.g. 承辦意見). */
    public Tasklist fill(String fieldLabel, String text) {
        WebElement label = browser.find(By.xpath("//div[contains(@class,'fjs-container')]//label[normalize-space(.)='" + fieldLabel + "']"));
        browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", label);
        browser.type(By.id(label.getAttribute("for")), text);
        return this;
    }

    /** Completes the task and waits until the Tasklist has closed it. */
    public void complete() {
        browser.click(browser.waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector("button[ng-click='complete()']"))));
        browser.waitFor(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".fjs-container")));
    }
}
