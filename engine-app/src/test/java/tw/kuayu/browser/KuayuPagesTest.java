package tw.kuayu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Kuayu's own pages in a browser: staff sign-in, the public status lookup and the public verification page. */
class KuayuPagesTest extends BrowserTest {

    @Test
    void staffSignInLandsOnTheStartPage() {
        browser.open("/");
        browser.waitFor(ExpectedConditions.urlContains("/login"));
        KuayuPages.signIn(browser, "tax.clerk");
        assertThat(browser.driver.getCurrentUrl()).isIn(browser.url("/"), browser.url("/?continue"));
        assertThat(browser.find(By.tagName("h1")).getText()).contains("跨域 Kuayu");
        assertThat(browser.text()).contains("您好，tax.clerk", "待辦工作（Camunda Tasklist）");
    }

    @Test
    void applicantFindsTheCaseAndItsStepWithoutSigningIn() {
        String caseId = fileLandTaxCase();
        cases.waitForTask(caseId, "review", "tax.clerk");
        String caseNo = cases.caseView(caseId, "tax.clerk").path("caseNo").asText();

        String result = KuayuPages.lookUpStatus(browser, caseNo, "A123456789");
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(browser.url("/status"));
        assertThat(result).contains(caseNo, "臺北市稅捐稽徵處", "目前辦理步驟", "承辦審查").doesNotContain("A123456789", "王小明");
    }

    @Test
    void verificationPageIsPublic() {
        browser.open("/verify");
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(browser.url("/verify"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("處分書查驗");
        assertThat(browser.find(By.id("pdf")).getAttribute("type")).isEqualTo("file");
    }
}
