package tw.kuayu.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.CaseDriver;

/**
 * Real-browser tests against the whole application on a random port, as the demo users. One
 * chromium per test class, signed out before each test; a failing test leaves a screenshot and the
 * page source under target/browser-failures/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
abstract class BrowserTest {

    static final String LAND_TAX = "land-value-tax-self-use";

    private static Browser shared;

    @LocalServerPort
    int port;

    Browser browser;
    CaseDriver cases;

    @RegisterExtension
    final TestWatcher keepEvidence = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (shared == null) {
                return;
            }
            try {
                Path dir = Path.of("target", "browser-failures");
                String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
                shared.screenshot(dir.resolve(name + ".png"));
                Files.writeString(dir.resolve(name + ".html"), shared.driver.getCurrentUrl() + "\n" + shared.driver.getPageSource());
            } catch (Exception ignored) {
                // the failure itself is what matters
            }
        }
    };

    @BeforeEach
    void browser() {
        if (shared == null) {
            shared = Browser.start(port);
        }
        browser = shared;
        browser.open("/favicon.ico");
        browser.signOutEverywhere();
        cases = new CaseDriver(port);
    }

    @AfterAll
    static void quit() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    String fileLandTaxCase() {
        return cases.file("tax.clerk", LAND_TAX, "A123456789", "王小明",
                java.util.Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
    }
}
