package tw.kuayu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.studio.Multipart;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The studio page in headless Chromium as the demo process owner: open the land value tax model in the modeler,
 * set a user task's candidate group in the properties panel, check, deploy with a reason, see the new version
 * listed and find the new group in the engine's definition. Check findings lead to their element. A caseworker
 * is refused the page. Deploys new versions, so the context is not reused by other tests.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class StudioPageTest extends BrowserTest {

    @Autowired
    RepositoryService repository;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aProcessOwnerSetsACandidateGroupInThePanelAndDeploysANewVersion() throws Exception {
        int before = latest(LAND_TAX).getVersion();
        // every page from here on records what its Content-Security-Policy blocked
        Object recorder = browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "document.addEventListener('securitypolicyviolation', e => (window.cspBlocked = window.cspBlocked || [])"
                        + ".push(e.violatedDirective + ' ' + e.blockedURI));")).get("identifier");
        StudioPage studio = StudioPage.open(browser, "owner");
        browser.driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", recorder));
        studio.openVersion(LAND_TAX, before);
        studio.clickElement("review");
        assertThat(studio.field("prop-candidateGroups").getAttribute("value")).isEqualTo("${ownerAgency}");
        assertThat(studio.field("prop-formRef").getAttribute("value")).isEqualTo("land-tax-review");
        assertThat(studio.field("prop-kuayu-actions").getAttribute("value")).isEqualTo("approve,reject,requestCorrection");

        studio.set("prop-candidateGroups", "tpe-tax");
        studio.set("prop-kuayu-targetWorkingDays", "3");
        studio.clickElement("correctionDue");
        assertThat(studio.field("prop-timer").getAttribute("value")).isEqualTo("${deadlines.workingDaysFromNow(correctionWorkingDays)}");
        new org.openqa.selenium.support.ui.Select(studio.field("prop-timerKind")).selectByValue("timeDuration");
        studio.set("prop-timer", "P30D");
        studio.clickElement("assessEligibility");
        studio.set("prop-kuayu-purpose", "資格初審（測試）");
        assertThat(studio.check()).isEqualTo("通過全部檢查，可以部署。");
        String status = studio.deploy("審查改由稅捐稽徵處承辦群組直接指派（測試）");

        assertThat(status).isEqualTo("已部署 " + LAND_TAX + " 第 " + (before + 1) + " 版；新案件將使用此版本。");
        assertThat(browser.driver.executeScript("return window.cspBlocked || []")).as("blocked by the page's CSP").asList().isEmpty();
        assertThat(browser.findAll(By.cssSelector("tr[data-key='" + LAND_TAX + "'] button[data-version='" + (before + 1) + "']"))).hasSize(1);
        ProcessDefinition deployed = latest(LAND_TAX);
        assertThat(deployed.getVersion()).isEqualTo(before + 1);
        BpmnModelInstance model = repository.getBpmnModelInstance(deployed.getId());
        assertThat(model.<UserTask>getModelElementById("review").getCamundaCandidateGroups()).isEqualTo("tpe-tax");
        assertThat(model.<UserTask>getModelElementById("approve").getCamundaCandidateGroups()).isEqualTo("${approverGroup}");
        assertThat(properties(model, "review")).containsEntry("kuayu.targetWorkingDays", "3").containsEntry("kuayu.role", "caseworker");
        assertThat(properties(model, "assessEligibility")).containsExactly(Map.entry("kuayu.purpose", "資格初審（測試）"));
        TimerEventDefinition timer = (TimerEventDefinition) model.<BoundaryEvent>getModelElementById("correctionDue")
                .getEventDefinitions().iterator().next();
        assertThat(timer.getTimeDate()).isNull();
        assertThat(timer.getTimeDuration().getTextContent()).isEqualTo("P30D");
        Map<String, Object> record = jdbc.queryForMap("SELECT d.deployed_by, d.reason FROM kuayu_deployment d "
                + "JOIN kuayu_deployment_process p ON p.record_id = d.id WHERE p.process_definition_id = ?", deployed.getId());
        assertThat(record.values()).containsExactly("owner", "審查改由稅捐稽徵處承辦群組直接指派（測試）");
    }

    @Test
    void aCheckFindingLeadsToItsElementAndBlocksTheDeploy() {
        int before = latest(LAND_TAX).getVersion();
        StudioPage studio = StudioPage.open(browser, "owner");
        studio.openVersion(LAND_TAX, before);
        studio.clickElement("approve");
        studio.set("prop-candidateGroups", "tpe-nowhere");
        studio.clickElement("closed");
        assertThat(studio.field("prop-name").getAttribute("value")).isEqualTo("結案");

        assertThat(studio.check()).isEqualTo("有 1 項問題，請修正後再部署：");
        WebElement finding = browser.find(By.cssSelector("#findings button[data-element='approve']"));
        assertThat(browser.find(By.id("findings")).getText()).contains("核定（approve）", "tpe-nowhere");
        browser.click(finding);
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("element-info"), "代碼：approve"));
        assertThat(studio.field("prop-candidateGroups").getAttribute("value")).isEqualTo("tpe-nowhere");

        studio.deploy("不應部署");
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "未部署"));
        assertThat(browser.find(By.id("findings")).getText()).contains("approve", "tpe-nowhere");
        assertThat(latest(LAND_TAX).getVersion()).isEqualTo(before);
    }

    @Test
    void aDraftIsKeptUntilItIsOpenedAgainOrDiscarded() {
        int version = latest(LAND_TAX).getVersion();
        StudioPage studio = StudioPage.open(browser, "owner");
        studio.openVersion(LAND_TAX, version);
        studio.clickElement("approve");
        studio.set("prop-kuayu-targetWorkingDays", "2");
        browser.click(browser.find(By.id("save-draft")));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "已存為草稿"));
        assertThat(browser.find(By.id("draft-note")).getText()).startsWith("目前編輯的是草稿");

        browser.driver.navigate().refresh();
        browser.waitFor(d -> !d.findElements(By.cssSelector("#definitions tbody tr")).isEmpty());
        studio.openVersion(LAND_TAX, version);
        assertThat(browser.find(By.id("draft-note")).getText()).startsWith("此流程有尚未部署的草稿");
        studio.clickElement("approve");
        assertThat(studio.field("prop-kuayu-targetWorkingDays").getAttribute("value")).isEmpty();

        browser.click(browser.find(By.id("open-draft")));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "已開啟草稿"));
        studio.clickElement("approve");
        assertThat(studio.field("prop-kuayu-targetWorkingDays").getAttribute("value")).isEqualTo("2");

        browser.click(browser.find(By.id("discard-draft")));
        browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "已捨棄草稿"));
        assertThat(browser.find(By.id("draft-note")).getText()).isEmpty();
        studio.clickElement("approve");
        assertThat(studio.field("prop-kuayu-targetWorkingDays").getAttribute("value")).isEmpty();
        assertThat(latest(LAND_TAX).getVersion()).as("nothing deployed").isEqualTo(version);
    }

    /**
     * The modeler runs without a Camunda moddle descriptor (decision 020): every repository model, imported and
     * exported by the page's bpmn-js, keeps every element, attribute and text of its processes (the diagram
     * layout aside) and still passes the deploy checks.
     */
    @Test
    void everyRepositoryModelSurvivesTheModelerUnchanged() throws Exception {
        StudioPage.open(browser, "owner");
        Resource[] models = new PathMatchingResourcePatternResolver().getResources("classpath*:processes/*.bpmn");
        assertThat(models).hasSizeGreaterThanOrEqualTo(5);
        for (Resource model : models) {
            String xml = model.getContentAsString(StandardCharsets.UTF_8);
            Object exported = browser.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const modeler = new window.BpmnJS();
                    modeler.importXML(arguments[0]).then(() => modeler.saveXML({format: true}))
                      .then(r => done(r.xml), e => done('failed: ' + e.message));
                    """, xml);
            assertThat(exported).asString().as(model.getFilename()).startsWith("<?xml");
            assertThat(ModelXml.semantics((String) exported)).as(model.getFilename()).isEqualTo(ModelXml.semantics(xml));
            Multipart upload = new Multipart().file(model.getFilename(), ((String) exported).getBytes(StandardCharsets.UTF_8));
            Answer checked = cases.api.send("POST", "/api/processes/checks", "owner", upload.contentType(), upload.bytes());
            assertThat(checked.status()).as(checked.text()).isEqualTo(200);
            assertThat(checked.json().path("problems")).as(model.getFilename() + " " + checked.text()).isEmpty();
        }
    }

    @Test
    void aCaseworkerIsRefusedTheStudio() {
        browser.open("/login");
        KuayuPages.signIn(browser, "tax.clerk");
        assertThat(browser.findAll(By.linkText("流程工作室"))).isEmpty();
        browser.open("/studio");
        assertThat(browser.text()).contains("您的帳號沒有執行此操作的權限");
        assertThat(browser.findAll(By.id("definitions"))).isEmpty();
    }

    private static Map<String, String> properties(BpmnModelInstance model, String elementId) {
        return model.getModelElementById(elementId).getChildElementsByType(ExtensionElements.class).stream()
                .flatMap(e -> e.getElementsQuery().filterByType(CamundaProperties.class).list().stream())
                .flatMap(p -> p.getCamundaProperties().stream())
                .collect(java.util.stream.Collectors.toMap(CamundaProperty::getCamundaName, CamundaProperty::getCamundaValue));
    }

    private ProcessDefinition latest(String key) {
        return repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
    }
}
