package tw.kuayu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The Camunda Tasklist works for an agency's caseworker, and shows nothing of it to another agency. */
class TasklistTest extends BrowserTest {

    @Test
    void caseworkerCompletesTheReviewInTheTasklistAndTheCaseRecordsIt() {
        String caseId = fileLandTaxCase();
        String taskId = cases.waitForTask(caseId, "review", "tax.clerk").path("id").asText();

        Tasklist tasklist = new Tasklist(browser).login("tax.clerk");
        assertThat(tasklist.lists(taskId)).as("the tax office's filter lists the new review task").isTrue();
        tasklist.openFromList(taskId);
        assertThat(tasklist.taskName()).isEqualTo("承辦審查");
        assertThat(browser.text()).as("the land-tax-review Camunda Form").contains("地價稅自用住宅用地 — 承辦審查", "擬辦", "承辦意見");

        tasklist.claim().choose("擬准").fill("承辦意見（通知補正時為應補正事項）", "於 Tasklist 審查：戶籍與地籍資料相符，擬准。").complete();

        cases.waitForTask(caseId, "approve", "tax.chief");
        JsonNode opinions = cases.caseView(caseId, "tax.clerk").path("opinions");
        assertThat(opinions).singleElement().satisfies(o -> {
            assertThat(o.path("userId").asText()).isEqualTo("tax.clerk");
            assertThat(o.path("action").asText()).isEqualTo("approve");
            assertThat(o.path("opinion").asText()).isEqualTo("於 Tasklist 審查：戶籍與地籍資料相符，擬准。");
            assertThat(o.path("agency").asText()).isEqualTo("tpe-tax");
        });
    }

    @Test
    void aJointReviewerAnswersInTheTasklistAndAnUninvolvedAgencySeesNothing() {
        String caseId = cases.file("udd.clerk", "public-housing-low-income", "A123456789", "王小明",
                java.util.Map.of("housingProject", "興隆公共住宅二區", "unitType", "二房型"));
        cases.act(caseId, "review", "udd.clerk", "sendForReview", "送社會局、地政局會辦。");
        String taskId = cases.waitForTask(caseId, "jointReview", "social.reviewer").path("id").asText();

        Tasklist fire = new Tasklist(browser).login("fire.reviewer");
        assertThat(fire.taskLinks()).as("the fire department is not asked in this case")
                .noneMatch(a -> String.valueOf(a.getAttribute("href")).contains(taskId));
        browser.open(Tasklist.PATH + "#/?task=" + taskId);
        browser.waitFor(d -> d.findElement(By.tagName("body")).getText().contains("does not exist"));
        browser.signOutEverywhere();

        Tasklist social = new Tasklist(browser).login("social.reviewer");
        assertThat(social.lists(taskId)).isTrue();
        social.openFromList(taskId);
        assertThat(social.taskName()).isEqualTo("會辦審查");
        social.claim().choose("同意（無意見）").fill("會辦意見（有不同意見時請敘明理由及法令依據）", "於 Tasklist 會辦：列冊低收入戶屬實，無意見。").complete();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                cases.caseView(caseId, "udd.clerk").path("opinions").findValuesAsText("agency").contains("tpe-social"));
        JsonNode opinion = StreamSupport.stream(cases.caseView(caseId, "udd.clerk").path("opinions").spliterator(), false)
                .filter(o -> o.path("agency").asText().equals("tpe-social")).findFirst().orElseThrow();
        assertThat(opinion.path("userId").asText()).isEqualTo("social.reviewer");
        assertThat(opinion.path("action").asText()).isEqualTo("concur");
        assertThat(opinion.path("step").asText()).isEqualTo("jointReview");
    }

    @Test
    void anotherAgencySeesNothingOfTheTaxOfficesTasks() {
        String caseId = fileLandTaxCase();
        String taskId = cases.waitForTask(caseId, "review", "tax.clerk").path("id").asText();
        List<String> taxTasks = StreamSupport.stream(cases.api.get("/api/tasks?size=200", "tax.clerk").json().path("items").spliterator(), false)
                .map(t -> t.path("id").asText()).toList();
        assertThat(taxTasks).contains(taskId);

        Tasklist tasklist = new Tasklist(browser).login("udd.clerk");
        assertThat(tasklist.taskLinks()).as("the urban development clerk's list holds no task of tpe-tax")
                .noneMatch(a -> taxTasks.stream().anyMatch(id -> String.valueOf(a.getAttribute("href")).contains(id)));

        browser.open(Tasklist.PATH + "#/?task=" + taskId);
        browser.waitFor(d -> d.findElement(By.tagName("body")).getText().contains("does not exist"));
        assertThat(browser.findAll(By.cssSelector(".fjs-container"))).as("no form of the foreign task").isEmpty();
        // other test classes share this application, so udd.clerk may hold review tasks of its own: look for the tax form only
        assertThat(browser.text()).doesNotContain("地價稅自用住宅用地");
    }
}
