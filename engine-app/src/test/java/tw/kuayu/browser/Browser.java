package tw.kuayu.browser;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian chromium driven by Debian's chromium-driver, both by explicit path so Selenium
 * Manager never tries to download a browser or driver. One instance per test class (or per
 * screenshot run); {@link #close()} quits it.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    public final ChromeDriver driver;
    private final String base;

    private Browser(ChromeDriver driver, int port) {
        this.driver = driver;
        this.base = "http://localhost:" + port;
    }

    /** Starts the browser; fails (never skips) when chromium or its driver is not installed. */
    public static Browser start(int port) {
        for (Path tool : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(tool)) {
                throw new AssertionError(tool + " is missing: apt-get install -y chromium chromium-driver "
                        + "(scripts/test.sh installs them when run as root)");
            }
        }
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,768",
                "--lang=zh-TW", "--hide-scrollbars");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-TW,zh"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, port);
    }

    public String url(String path) {
        return base + path;
    }

    public void open(String path) {
        driver.get(url(path));
    }

    /** Forgets every cookie and stored value, so the next page starts signed out. */
    public void signOutEverywhere() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", base, "storageTypes", "all"));
    }

    public <T> T waitFor(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(100)).until(condition);
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    public List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    public void type(By field, String text) {
        WebElement element = waitFor(d -> {
            WebElement e = d.findElement(field);
            return e.isDisplayed() && e.isEnabled() ? e : null;
        });
        element.clear();
        element.sendKeys(text);
    }

    /** Scrolls the element to the middle of the window (clear of fixed headers and footers) and clicks it. */
    public void click(WebElement element) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Saves what the window shows now as a PNG. */
    public Path screenshot(Path file) throws java.io.IOException {
        File png = driver.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.copy(png.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
