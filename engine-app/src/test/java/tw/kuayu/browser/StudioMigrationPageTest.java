package tw.kuayu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Issue 6's "done when" in headless Chromium: public-housing cases are running (two before joint review, one in
 * it); the process owner adds the fire department to joint review in the studio's panel, deploys, reads the diff,
 * lists the old version's cases, dry-runs and migrates the two still before review, and follows the batch to its
 * report in the page. A migrated case then reaches the fire department's reviewer; the case already in joint
 * review stays on the old version. Retiring a version and reactivating it with a reason, too. Deploys new
 * versions, so the context is not reused by other tests.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class StudioMigrationPageTest extends BrowserTest {

    static final String HOUSING = "public-housing-low-income";
    static final Map<String, Object> HOUSING_DATA = Map.of("housingProject", "興隆公共住宅二區", "unitType", "二房型");

    @Autowired
    RepositoryService repository;

    @Autowired
    RuntimeService runtime;

    @Test
    void aProcessOwnerAddsAReviewingAgencyDeploysAndMigratesTheCasesBeforeReview() {
        String first = cases.file("udd.clerk", HOUSING, "A123456789", "王小明", HOUSING_DATA);
        cases.waitForTask(first, "review", "udd.clerk");
        String second = cases.file("udd.clerk", HOUSING, "A123456789", "王小明", HOUSING_DATA);
        cases.waitForTask(second, "review", "udd.clerk");
        String inJointReview = cases.file("udd.clerk", HOUSING, "A123456789", "王小明", HOUSING_DATA);
        cases.act(inJointReview, "review", "udd.clerk", "sendForReview", "送社會局、地政局會辦。");
        cases.waitForTask(inJointReview, "jointReview", "land.reviewer");
        int source = latest().getVersion();
        String oldDefinition = latest().getId();

        StudioPage studio = StudioPage.open(browser, "owner");
        studio.openLatest(HOUSING);
        studio.clickElement("jointReview");
        assertThat(studio.field("prop-reviewAgencies").getAttribute("value")).as("the case type's agencies").isEmpty();
        studio.set("prop-reviewAgencies", "tpe-social,tpe-land,tpe-fire");
        studio.set("prop-name", "會辦（社會局、地政局、消防局）");
        assertThat(studio.check()).isEqualTo("通過全部檢查，可以部署。");
        assertThat(studio.deploy("府授研字第1140000002號：社會住宅會辦增列消防局"))
                .isEqualTo("已部署 " + HOUSING + " 第 " + (source + 1) + " 版；新案件將使用此版本。");
        int target = source + 1;

        // the diff of the two versions leads to the changed element
        assertThat(new org.openqa.selenium.support.ui.Select(studio.field("diff-from")).getFirstSelectedOption().getText())
                .isEqualTo("第 " + source + " 版");
        browser.click(browser.find(By.cssSelector("#diff-form button[type=submit]")));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("diff-summary"), "變更 1 個元素"));
        assertThat(browser.find(By.cssSelector("#diff-result .diff-changed")).getText()).contains("jointReview", "input:reviewAgencies", "tpe-fire");
        studio.clickElement("review");
        browser.click(browser.find(By.cssSelector("#diff-result .diff-changed button[data-element='jointReview']")));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("element-info"), "代碼：jointReview"));

        // the old version's cases, the dry run over the two before joint review, the migration
        browser.click(browser.find(By.id("mig-list")));
        String[] caseNos = {caseNo(first), caseNo(second), caseNo(inJointReview)};
        browser.waitFor(d -> d.findElements(By.cssSelector("#mig-instances tbody tr")).size() >= 3);
        assertThat(row(inJointReview).getText()).contains("會辦（社會局、地政局）");
        assertThat(row(first).getText()).contains("承辦審查");
        browser.click(row(first).findElement(By.cssSelector("input[type=checkbox]")));
        browser.click(row(second).findElement(By.cssSelector("input[type=checkbox]")));
        browser.click(browser.find(By.id("mig-dry-run")));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("dry-run-summary"), "共 2 件：2 件可順利移轉，0 件無法移轉"));
        assertThat(row(first).findElement(By.cssSelector("td.dry-run")).getText()).isEqualTo("可順利移轉");
        assertThat(row(inJointReview).findElement(By.cssSelector("td.dry-run")).getText()).as("not chosen").isEmpty();
        assertThat(browser.find(By.id("dry-run-result")).getText()).contains("每個活動在目標版本都有對應");

        browser.type(By.id("mig-reason"), "尚未會辦之案件改依新流程辦理");
        browser.click(browser.find(By.id("mig-start")));
        browser.waitFor(ExpectedConditions.attributeToBe(By.id("mig-progress"), "data-status", "completed"));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "移轉完成：2 件已改依第 " + target + " 版辦理。"));
        assertThat(browser.find(By.id("mig-progress")).getText()).contains("owner", "尚未會辦之案件改依新流程辦理", "已完成 ");
        browser.waitFor(d -> d.findElements(By.cssSelector("#mig-instances tbody tr[data-case='" + caseNos[0] + "']")).isEmpty());
        assertThat(browser.findAll(By.cssSelector("#mig-instances tbody tr[data-case='" + caseNos[1] + "']"))).isEmpty();
        assertThat(browser.findAll(By.cssSelector("#mig-instances tbody tr[data-case='" + caseNos[2] + "']"))).hasSize(1);

        String newDefinition = latest().getId();
        assertThat(instanceOf(first).getProcessDefinitionId()).isEqualTo(newDefinition);
        assertThat(instanceOf(second).getProcessDefinitionId()).isEqualTo(newDefinition);
        assertThat(instanceOf(inJointReview).getProcessDefinitionId()).isEqualTo(oldDefinition);

        // a migrated case reaches the fire department; the one already in joint review does not
        cases.act(first, "review", "udd.clerk", "sendForReview", "送社會局、地政局、消防局會辦。");
        JsonNode fireTask = cases.waitForTask(first, "jointReview", "fire.reviewer");
        assertThat(fireTask.path("id").asText()).isNotBlank();
        assertThat(cases.api.get("/api/tasks?size=200", "fire.reviewer").json().path("items"))
                .noneSatisfy(t -> assertThat(t.path("caseId").asText()).isEqualTo(inJointReview));
        assertThat(instanceOf(inJointReview).getProcessDefinitionId()).isEqualTo(oldDefinition);
    }

    @Test
    void aVersionIsRetiredAndReactivatedWithAReason() {
        int version = repository.createProcessDefinitionQuery().processDefinitionKey(LAND_TAX).latestVersion().singleResult().getVersion();
        String xml = cases.api.get("/api/processes/" + LAND_TAX + "/versions/" + version + "/xml", "owner").text();
        assertThat(cases.api.send("PUT", "/api/processes/" + LAND_TAX + "/draft", "owner", "application/xml",
                xml.replace("name=\"結案\"", "name=\"結案（新版）\"").getBytes(java.nio.charset.StandardCharsets.UTF_8)).status()).isEqualTo(200);
        assertThat(cases.api.postJson("/api/processes/" + LAND_TAX + "/draft/deploy", "owner", Map.of("reason", "新版本（測試）")).status())
                .isEqualTo(201);
        StudioPage studio = StudioPage.open(browser, "owner");
        studio.openLatest(LAND_TAX);
        assertThat(browser.find(By.cssSelector("#version-list tr[data-version='" + (version + 1) + "']")).getText()).contains("不能退役");
        By button = By.cssSelector("#version-list tr[data-version='" + version + "'] button");
        assertThat(browser.find(button).getText()).isEqualTo("退役");

        browser.click(browser.find(button));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "請先填寫退役或恢復的原因"));
        assertThat(definition(LAND_TAX, version).isSuspended()).isFalse();

        browser.type(By.id("retire-reason"), "法規修正，暫停以此版本受理（測試）");
        browser.click(browser.find(button));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "第 " + version + " 版已退役"));
        browser.waitFor(ExpectedConditions.textToBe(button, "恢復"));
        assertThat(browser.find(By.cssSelector("#version-list tr[data-version='" + version + "']")).getText()).contains("已退役");
        assertThat(definition(LAND_TAX, version).isSuspended()).isTrue();

        browser.type(By.id("retire-reason"), "修正已完成，恢復受理（測試）");
        browser.click(browser.find(button));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "第 " + version + " 版已恢復使用"));
        browser.waitFor(ExpectedConditions.textToBe(button, "退役"));
        assertThat(definition(LAND_TAX, version).isSuspended()).isFalse();
        JsonNode state = cases.api.get("/api/processes/" + LAND_TAX + "/versions/" + version + "/retirement", "owner").json();
        assertThat(state.path("retired").asBoolean()).isFalse();
        assertThat(state.path("history").toString()).contains("法規修正，暫停以此版本受理（測試）", "修正已完成，恢復受理（測試）");
    }

    @Test
    void theInstancesEndpointNamesEachCaseAndItsStep() {
        String caseId = cases.file("udd.clerk", HOUSING, "A123456789", "王小明", HOUSING_DATA);
        cases.waitForTask(caseId, "review", "udd.clerk");
        ProcessInstance instance = instanceOf(caseId);
        ProcessDefinition definition = repository.getProcessDefinition(instance.getProcessDefinitionId());
        JsonNode answer = cases.api.get("/api/processes/" + HOUSING + "/versions/" + definition.getVersion() + "/instances", "owner").json();
        assertThat(answer.path("total").asLong()).isEqualTo(answer.path("instances").size());
        assertThat(answer.path("instances")).anySatisfy(i -> {
            assertThat(i.path("processInstanceId").asText()).isEqualTo(instance.getId());
            assertThat(i.path("caseNo").asText()).isEqualTo(instance.getBusinessKey());
            assertThat(i.path("waitingIn").toString()).contains("\"id\":\"review\"", "承辦審查");
        });
        assertThat(cases.api.get("/api/processes/" + HOUSING + "/versions/999/instances", "owner").status()).isEqualTo(404);
        assertThat(cases.api.get("/api/processes/" + HOUSING + "/versions/1/instances", "udd.clerk").status()).isEqualTo(403);
    }

    private WebElement row(String caseId) {
        return browser.find(By.cssSelector("#mig-instances tbody tr[data-case='" + caseNo(caseId) + "']"));
    }

    private String caseNo(String caseId) {
        return cases.caseView(caseId, "manager").path("caseNo").asText();
    }

    private ProcessInstance instanceOf(String caseId) {
        String caseNo = cases.caseView(caseId, "manager").path("caseNo").asText();
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseNo).rootProcessInstances().singleResult();
    }

    private ProcessDefinition latest() {
        return repository.createProcessDefinitionQuery().processDefinitionKey(HOUSING).latestVersion().singleResult();
    }

    private ProcessDefinition definition(String key, int version) {
        return repository.createProcessDefinitionQuery().processDefinitionKey(key).processDefinitionVersion(version).singleResult();
    }
}
