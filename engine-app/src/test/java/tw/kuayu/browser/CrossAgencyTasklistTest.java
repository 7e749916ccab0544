package tw.kuayu.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tw.kuayu.cases.CaseStatus;

/**
 * Cross-agency case types worked entirely in the Camunda Tasklist, each step by the demo user of
 * the agency that holds it, with the case record and the signed decision checked through the API.
 */
class CrossAgencyTasklistTest extends BrowserTest {

    /** Signs in as {@code user}, opens the case's task at {@code step} from the list and completes it with the form. */
    private void work(String caseId, String step, String user, String choice, String opinionLabel, String opinion) {
        String taskId = cases.waitForTask(caseId, step, user).path("id").asText();
        browser.signOutEverywhere();
        Tasklist tasklist = new Tasklist(browser).login(user);
        assertThat(tasklist.lists(taskId)).as(step + " in " + user + "'s list").isTrue();
        tasklist.openFromList(taskId).claim().choose(choice).fill(opinionLabel, opinion).complete();
        await().atMost(Duration.ofSeconds(30)).until(() -> cases.caseView(caseId, ownerOf(caseId)).path("opinions")
                .findValuesAsText("step").contains(step) && !openAt(caseId, step, user));
    }

    private String ownerOf(String caseId) {
        return caseId.equals(housing) || caseId.equals(factory) ? "udd.clerk" : "district.clerk";
    }

    private String factory;

    @Test
    void factoryRegistrationWithSiteInspectionInTheTasklist() {
        factory = cases.file("udd.clerk", "factory-registration", "A123456789", "王小明", Map.of("factoryName", "小明精密機械有限公司內湖廠",
                "factoryAddress", "臺北市內湖區新湖二路168號", "mainProducts", "金屬結構組件"));
        work(factory, "review", "udd.clerk", "排定會勘並送會辦", "承辦意見（通知補正時為應補正事項）", "坐落工業區，排定會勘。");

        String taskId = cases.waitForTask(factory, "scheduleInspection", "udd.clerk").path("id").asText();
        browser.signOutEverywhere();
        Tasklist tasklist = new Tasklist(browser).login("udd.clerk");
        tasklist.openFromList(taskId).claim().choose("排定會勘").fill("會勘通知事項", "會同消防局、地政局現場會勘。");
        WebElement date = browser.find(By.xpath("//div[contains(@class,'fjs-container')]//label[starts-with(normalize-space(.),'會勘日期')]"
                + "/following::input[1]"));
        date.click();
        date.sendKeys("12/10/2026", Keys.ENTER); // the Tasklist's date picker reads MM/DD/YYYY
        tasklist.complete();
        await().atMost(Duration.ofSeconds(30)).until(() -> !openAt(factory, "scheduleInspection", "udd.clerk"));

        work(factory, "recordInspection", "udd.clerk", "登錄會勘紀錄", "會勘紀錄", "廠房坐落第二種工業區，消防設備齊全。");
        work(factory, "jointReview", "land.reviewer", "同意（無意見）", "會辦意見（有不同意見時請敘明理由及法令依據）", "工業區，無意見。");
        work(factory, "jointReview", "fire.reviewer", "同意（無意見）", "會辦意見（有不同意見時請敘明理由及法令依據）", "消防設備合格。");
        work(factory, "consolidate", "udd.clerk", "擬准", "綜整意見", "擬准予登記。");
        work(factory, "approve", "udd.chief", "核定", "核定意見（駁回時為駁回理由）", "准。");

        JsonNode closed = cases.waitUntilClosed(factory, "udd.clerk");
        assertThat(closed.path("status").asText()).isEqualTo(CaseStatus.APPROVED);
        assertThat(closed.path("opinions")).extracting(o -> o.path("step").asText())
                .contains("scheduleInspection", "recordInspection", "jointReview", "consolidate", "approve");
        assertThat(history.createHistoricVariableInstanceQuery().variableName("inspectionDate").list())
                .as("the date picked in the Tasklist form").anySatisfy(v -> assertThat(String.valueOf(v.getValue())).contains("2026-12-10"));
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.camunda.bpm.engine.HistoryService history;

    private boolean openAt(String caseId, String step, String user) {
        for (JsonNode t : cases.api.get("/api/tasks?size=200", user).json().path("items")) {
            if (t.path("caseId").asText().equals(caseId) && t.path("step").asText().equals(step)) {
                return true;
            }
        }
        return false;
    }

    private String housing;

    @Test
    void publicHousingFromReviewToCoSignatureInTheTasklist() {
        housing = cases.file("udd.clerk", "public-housing-low-income", "A123456789", "王小明",
                Map.of("housingProject", "興隆公共住宅二區", "unitType", "二房型"));
        work(housing, "review", "udd.clerk", "送會辦（社會局、地政局）", "承辦意見（通知補正時為應補正事項）", "送會辦。");
        work(housing, "jointReview", "social.reviewer", "同意（無意見）", "會辦意見（有不同意見時請敘明理由及法令依據）", "列冊低收入戶屬實。");
        work(housing, "jointReview", "land.reviewer", "同意（無意見）", "會辦意見（有不同意見時請敘明理由及法令依據）", "名下無自有住宅。");
        work(housing, "consolidate", "udd.clerk", "擬准", "綜整意見", "會辦機關均無意見，擬准。");
        work(housing, "approve", "udd.chief", "核定", "核定意見（駁回時為駁回理由）", "准。");
        work(housing, "coSign", "social.chief", "同意會銜並簽署", "意見（退回時請敘明理由）", "同意會銜。");

        JsonNode closed = cases.waitUntilClosed(housing, "udd.clerk");
        assertThat(closed.path("status").asText()).isEqualTo(CaseStatus.APPROVED);
        JsonNode decision = await().atMost(Duration.ofSeconds(30)).until(() -> cases.caseView(housing, "udd.clerk").path("decision"),
                d -> "issued".equals(d.path("status").asText()));
        assertThat(decision.path("signers")).extracting(JsonNode::asText).containsExactly("tpe-udd", "tpe-social");
        assertThat(closed.path("opinions")).extracting(o -> o.path("userId").asText())
                .contains("udd.clerk", "social.reviewer", "land.reviewer", "udd.chief", "social.chief");
    }

    @Test
    void indigenousHousingReferredUpAndApprovedInTheTasklist() {
        String id = cases.file("district.clerk", "indigenous-housing-subsidy", "A123456789", "王小明",
                Map.of("propertyAddress", "臺北市大安區和平東路二段106號5樓", "purchaseDate", "1150301"));
        work(id, "review", "district.clerk", "層轉陳報核示", "承辦意見（通知補正時為應補正事項）", "具原住民身分，層轉核示。");
        work(id, "referralRuling", "indigenous.officer", "核准", "核示意見（駁回時為駁回理由）", "准予補助。");

        JsonNode closed = cases.waitUntilClosed(id, "district.clerk");
        assertThat(closed.path("status").asText()).isEqualTo(CaseStatus.APPROVED);
        JsonNode decision = await().atMost(Duration.ofSeconds(30)).until(() -> cases.caseView(id, "district.clerk").path("decision"),
                d -> !d.isNull());
        assertThat(decision.path("signers")).extracting(JsonNode::asText).containsExactly("tpe-indigenous");
    }
}
