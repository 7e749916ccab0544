package tw.kuayu.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.openqa.selenium.Dimension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tw.kuayu.KuayuApplication;
import tw.kuayu.cases.CaseDriver;

/**
 * Takes the user guides' screenshots: starts Kuayu with the demo profile on a free port and a fresh
 * in-memory database, files demo cases through the API, and saves one PNG per {@link Shot} under
 * docs/images/ (or the directory given as the first argument; a second argument keeps only the
 * shots whose file name starts with it, e.g. {@code sla-}). Run by scripts/screenshots.sh.
 *
 * <p>To add a shot, add a {@link Shot} to {@link #shots()}; a new case type adds the cases it needs
 * to {@link #fileDemoCases()} and keeps their ids in a field.
 */
public final class GuideScreenshots {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(GuideScreenshots.class);

    /** One picture: what to do in the browser, then the window is saved as {@code file}. */
    record Shot(String file, Step step) {
    }

    interface Step {
        void run(GuideScreenshots guide) throws Exception;
    }

    static List<Shot> shots() {
        return List.of(
                new Shot("kuayu-login.png", g -> g.browser.open("/login")),
                new Shot("kuayu-start-page.png", g -> KuayuPages.signIn(g.browser, "tax.clerk")),
                new Shot("tasklist-list.png", g -> new Tasklist(g.browser).login("tax.clerk")),
                new Shot("tasklist-task-form.png", g -> {
                    g.browser.driver.manage().window().setSize(new Dimension(1366, 1000));
                    new Tasklist(g.browser).openFromList(g.landTaxReviewTask).claim().choose("擬准")
                            .fill("承辦意見（通知補正時為應補正事項）", "戶籍與地籍資料相符，擬准。");
                    g.browser.driver.executeScript("window.scrollTo(0, 0)");
                }),
                new Shot("tasklist-joint-review.png", g -> {
                    g.browser.driver.manage().window().setSize(new Dimension(1366, 1000));
                    g.browser.signOutEverywhere();
                    new Tasklist(g.browser).login("social.reviewer").openFromList(g.jointReviewTask).claim()
                            .choose("同意（無意見）").fill("會辦意見（有不同意見時請敘明理由及法令依據）", "經查申請人確為本市列冊低收入戶，無意見。");
                    g.browser.driver.executeScript("window.scrollTo(0, 0)");
                }),
                new Shot("worklist.png", g -> {
                    g.browser.driver.manage().window().setSize(new Dimension(1366, 768));
                    g.browser.signOutEverywhere();
                    g.browser.open("/login");
                    KuayuPages.signIn(g.browser, "tax.clerk");
                    g.browser.open("/worklist");
                    g.browser.waitFor(d -> d.getPageSource().contains(g.landTaxCaseNo));
                }),
                new Shot("status-result.png", g -> {
                    g.browser.driver.manage().window().setSize(new Dimension(1366, 900));
                    g.browser.signOutEverywhere();
                    KuayuPages.lookUpStatus(g.browser, g.landTaxCaseNo, "A123456789");
                }),
                new Shot("verify.png", g -> {
                    g.browser.driver.manage().window().setSize(new Dimension(1366, 768));
                    g.browser.open("/verify");
                }),
                new Shot("sla-dashboard.png", g -> {
                    g.browser.driver.manage().window().setSize(new Dimension(1366, 768));
                    g.browser.signOutEverywhere();
                    g.browser.open("/login");
                    KuayuPages.signIn(g.browser, "manager");
                    KuayuPages.openDashboard(g.browser, "/sla");
                }),
                new Shot("sla-dashboard-trend.png", g -> g.scrollTo("trend-h")),
                new Shot("sla-dashboard-bottlenecks.png", g -> g.scrollTo("bottleneck-h")),
                new Shot("sla-dashboard-overdue.png", g -> g.scrollTo("steps-h")),
                new Shot("studio.png", g -> {
                    g.browser.driver.manage().window().setSize(new Dimension(1366, 1000));
                    g.browser.signOutEverywhere();
                    StudioPage studio = StudioPage.open(g.browser, "owner");
                    studio.openLatest(BrowserTest.LAND_TAX);
                    studio.clickElement("review");
                    studio.check();
                    g.browser.driver.executeScript("document.getElementById('editor-h').scrollIntoView()");
                }),
                new Shot("studio-migration.png", g -> {
                    g.browser.driver.manage().window().setSize(new Dimension(1366, 1000));
                    String housing = "public-housing-low-income";
                    String beforeReview = g.cases.file("udd.clerk", housing, "A123456789", "王小明",
                            Map.of("housingProject", "興隆公共住宅二區", "unitType", "二房型"));
                    g.cases.waitForTask(beforeReview, "review", "udd.clerk");
                    String caseNo = g.cases.caseView(beforeReview, "udd.clerk").path("caseNo").asText();
                    StudioPage studio = StudioPage.open(g.browser, "owner");
                    studio.openLatest(housing);
                    studio.clickElement("jointReview");
                    studio.set("prop-reviewAgencies", "tpe-social,tpe-land,tpe-fire");
                    studio.set("prop-name", "會辦（社會局、地政局、消防局）");
                    studio.deploy("府授研字第1140000002號：社會住宅會辦增列消防局");
                    g.browser.click(g.browser.find(org.openqa.selenium.By.id("mig-list")));
                    org.openqa.selenium.By pick = org.openqa.selenium.By.cssSelector("#mig-instances tr[data-case='" + caseNo + "'] input");
                    g.browser.click(g.browser.find(pick));
                    g.browser.click(g.browser.find(org.openqa.selenium.By.id("mig-dry-run")));
                    g.browser.waitFor(d -> !d.findElements(org.openqa.selenium.By.id("dry-run-summary")).isEmpty());
                    g.browser.type(org.openqa.selenium.By.id("mig-reason"), "尚未會辦之案件改依新流程辦理");
                    g.scrollTo("migration-h");
                }),
                new Shot("studio-migration-done.png", g -> {
                    g.browser.click(g.browser.find(org.openqa.selenium.By.id("mig-start")));
                    g.browser.waitFor(org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe(
                            org.openqa.selenium.By.id("mig-progress"), "data-status", "completed"));
                    g.scrollTo("migration-h");
                }));
    }

    final Browser browser;
    final CaseDriver cases;
    String landTaxCaseNo;
    String landTaxReviewTask;
    String jointReviewTask;

    GuideScreenshots(Browser browser, CaseDriver cases) {
        this.browser = browser;
        this.cases = cases;
    }

    void scrollTo(String id) {
        browser.driver.executeScript("document.getElementById(arguments[0]).scrollIntoView({block: 'start'})", id);
    }

    /** Half a year of generated history behind the demo cases, so the dashboard has something to show. */
    static void generateHistory(ConfigurableApplicationContext app) {
        java.time.YearMonth now = java.time.YearMonth.now(tw.kuayu.calendar.WorkingCalendar.TAIPEI);
        new tw.kuayu.sla.SlaHistory(app.getBean(tw.kuayu.cases.CaseMapper.class), app.getBean(tw.kuayu.tasks.TaskMapper.class),
                app.getBean(tw.kuayu.sla.SlaRollup.class),
                app.getBean(tw.kuayu.calendar.WorkingCalendar.class), app.getBean(org.camunda.bpm.engine.RepositoryService.class), 2026).write(now.minusMonths(5), now, 4, java.time.Instant.now());
    }

    void fileDemoCases() {
        String id = cases.file("tax.clerk", BrowserTest.LAND_TAX, "A123456789", "王小明",
                Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
        landTaxReviewTask = cases.waitForTask(id, "review", "tax.clerk").path("id").asText();
        landTaxCaseNo = cases.caseView(id, "tax.clerk").path("caseNo").asText();

        String housing = cases.file("udd.clerk", "public-housing-low-income", "A123456789", "王小明",
                Map.of("housingProject", "興隆公共住宅二區", "unitType", "二房型"));
        cases.act(housing, "review", "udd.clerk", "sendForReview", "申請人列冊低收入戶，送社會局、地政局會辦。");
        jointReviewTask = cases.waitForTask(housing, "jointReview", "social.reviewer").path("id").asText();
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/images");
        Path data = Files.createTempDirectory("kuayu-screenshots");
        TimeZone.setDefault(TimeZone.getTimeZone("UTC")); // as KuayuApplication.main
        int status = 0;
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(KuayuApplication.class)
                .profiles("demo", "test")
                .properties("server.port=0", "kuayu.data-dir=" + data)
                .run()) {
            int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            try (Browser browser = Browser.start(port)) {
                GuideScreenshots guide = new GuideScreenshots(browser, new CaseDriver(port));
                guide.fileDemoCases();
                generateHistory(app);
                String only = args.length > 1 ? args[1] : "";
                for (Shot shot : shots().stream().filter(s -> s.file().startsWith(only)).toList()) {
                    shot.step().run(guide);
                    Path png = browser.screenshot(out.resolve(shot.file()));
                    log.info("{} ({} KB)", png, Files.size(png) / 1024);
                }
            }
        } catch (Exception | AssertionError e) {
            log.error("Screenshots could not be taken", e);
            status = 1;
        }
        System.exit(status);
    }
}
