package tw.kuayu.sla;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.security.CurrentUsers;

/**
 * {@code /sla}: the managers' dashboard (the pages chain admits city-wide and agency managers). A
 * server-rendered shell with every label and table; static/assets/sla/dashboard.js fills it from
 * {@code /api/sla/*} with the page's session, so the reports' scoping is the only gate on figures.
 * The filter's agency list is the manager's scope. Charts: ECharts from its webjar
 * (docs/decisions/018-sla-dashboard.md); every chart has a table with the same figures.
 */
@RestController
public class DashboardPage {

    static final String ECHARTS = "/webjars/echarts/" + webjarVersion("echarts") + "/dist/echarts.min.js";

    private final Catalog catalog;
    private final CurrentUsers users;

    public DashboardPage(Catalog catalog, CurrentUsers users) {
        this.catalog = catalog;
        this.users = users;
    }

    @GetMapping(path = "/sla", produces = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8")
    public String dashboard(HttpServletRequest request) {
        CurrentUser user = users.current();
        SlaScope scope = SlaScope.of(user, catalog);
        String agencies = catalog.agencyKeys().stream().filter(scope::covers).sorted()
                .map(a -> option(a, catalog.agency(a).name())).collect(Collectors.joining());
        String types = catalog.caseTypes().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> option(e.getKey(), e.getValue().name())).collect(Collectors.joining());
        String scopeText = scope.cityWide() ? "全市各機關"
                : scope.agencies().stream().sorted().map(a -> catalog.agency(a).name()).collect(Collectors.joining("、"));
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return """
                <!DOCTYPE html><html lang="zh-Hant-TW"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="csrf-header" content="%s"><meta name="csrf-token" content="%s">
                <title>處理時限儀表板 · 跨域 Kuayu</title><link rel="stylesheet" href="/assets/worklist/worklist.css">
                <link rel="stylesheet" href="/assets/sla/dashboard.css"></head><body>
                <a class="skip" href="#main">跳到主要內容</a>
                <header><a href="/" class="brand">跨域 Kuayu</a><span>%s</span>
                <form method="post" action="/logout"><input type="hidden" name="%s" value="%s"><button type="submit" class="link">登出</button></form>
                </header>
                <main id="main">
                <h1>處理時限儀表板</h1>
                <p class="muted">範圍：<span id="scope">%s</span>。唯讀；日期為收件日（臺北時間），逾期以 <span id="asof">—</span> 為準。</p>
                <form id="filters" class="filters" role="search" aria-label="篩選報表">
                <div><label for="from">收件日（起）</label><input id="from" name="from" type="date"></div>
                <div><label for="to">收件日（迄）</label><input id="to" name="to" type="date"></div>
                <div><label for="agency">機關</label><select id="agency" name="agency"><option value="">%s</option>%s</select></div>
                <div><label for="caseType">案件類型</label><select id="caseType" name="caseType"><option value="">全部</option>%s</select></div>
                <div class="buttons"><button type="submit">查詢</button><button type="reset" class="secondary">清除條件</button></div>
                </form>
                <p id="status" role="status" aria-live="polite"></p>

                <section aria-labelledby="kpi-h"><h2 id="kpi-h">總覽</h2>
                <dl class="kpis" id="kpis">
                <div><dt>收件數</dt><dd id="kpi-received">—</dd></div><div><dt>已結數</dt><dd id="kpi-decided">—</dd></div>
                <div><dt>如期率</dt><dd id="kpi-rate">—</dd></div><div><dt>未結數</dt><dd id="kpi-open">—</dd></div>
                <div><dt>逾期未結</dt><dd id="kpi-overdue" class="late-figure">—</dd></div></dl>
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="summary-caption">
                <table id="summary"><caption id="summary-caption">各機關、各案件類型（主辦機關）
                <a class="csv" data-report="summary" href="/api/sla/summary?format=csv">下載 CSV</a></caption>
                <thead><tr><th scope="col">層級</th><th scope="col">名稱</th><th scope="col">收件數</th><th scope="col">已結數</th>
                <th scope="col">如期結案數</th><th scope="col">如期率</th><th scope="col">撤回數</th><th scope="col">未結數</th>
                <th scope="col">逾期未結</th></tr></thead><tbody></tbody></table></div>
                </section>

                <section aria-labelledby="trend-h"><h2 id="trend-h">如期率趨勢（依收件月份）</h2>
                <fieldset class="toggle"><legend>分組</legend>
                <label class="radio"><input type="radio" name="trendBy" value="byAgency" checked> 依機關</label>
                <label class="radio"><input type="radio" name="trendBy" value="byCaseType"> 依案件類型</label></fieldset>
                <figure><div id="trend-chart" class="chart" aria-hidden="true"></div>
                <figcaption>折線為每月收件案件中已結案件的如期率；相同數字見下表。</figcaption></figure>
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="trend-caption">
                <table id="trend"><caption id="trend-caption">如期率（如期結案數／已結數）
                <a class="csv" data-report="trend" href="/api/sla/trend?format=csv">下載 CSV</a></caption>
                <thead><tr></tr></thead><tbody></tbody></table></div>
                </section>

                <section aria-labelledby="bottleneck-h"><h2 id="bottleneck-h">瓶頸：哪個機關的步驟停留最久</h2>
                <div class="inline"><label for="step">步驟</label><select id="step" name="step"><option value="">全部步驟</option></select></div>
                <figure><div id="bottleneck-chart" class="chart" aria-hidden="true"></div>
                <figcaption>橫條為平均停留日數（日曆日，未完成者計至現在），由長到短；相同數字見下表。</figcaption></figure>
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="bottleneck-caption">
                <table id="bottlenecks"><caption id="bottleneck-caption">各步驟、辦理機關的停留時間
                <a class="csv" data-report="bottlenecks" href="/api/sla/bottlenecks?format=csv">下載 CSV</a></caption>
                <thead><tr><th scope="col">步驟</th><th scope="col">辦理機關</th><th scope="col">任務數</th><th scope="col">平均停留（日）</th>
                <th scope="col">最長停留（日）</th><th scope="col">未完成</th><th scope="col">未完成且逾期</th><th scope="col">逾期完成</th>
                <th scope="col">最久未完成已等候（日）</th><th scope="col">占全部停留時間</th></tr></thead><tbody></tbody></table></div>
                </section>

                <section aria-labelledby="steps-h"><h2 id="steps-h">各步驟辦理天數（已完成任務）</h2>
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="steps-caption">
                <table id="steps"><caption id="steps-caption">p50：一半在此天數內完成；p90：九成在此天數內完成
                <a class="csv" data-report="steps" href="/api/sla/steps?format=csv">下載 CSV</a></caption>
                <thead><tr><th scope="col">步驟</th><th scope="col">辦理機關</th><th scope="col">完成數</th><th scope="col">逾期完成</th>
                <th scope="col">p50（工作天）</th><th scope="col">p90（工作天）</th><th scope="col">p50（小時）</th><th scope="col">p90（小時）</th>
                </tr></thead><tbody></tbody></table></div>
                <p id="steps-note" hidden></p>
                </section>

                <section aria-labelledby="overdue-h"><h2 id="overdue-h">最久逾期的未結案件</h2>
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="overdue-caption">
                <table id="overdue"><caption id="overdue-caption"><span id="overdue-count"></span>
                <a class="csv" data-report="overdue" href="/api/sla/overdue?format=csv">下載 CSV（全部逾期案件）</a></caption>
                <thead><tr><th scope="col">案號</th><th scope="col">案件類型</th><th scope="col">主辦機關</th><th scope="col">處理期限</th>
                <th scope="col">逾期（工作天）</th><th scope="col">目前步驟</th></tr></thead><tbody></tbody></table></div>
                </section>
                </main><script src="/assets/worklist/common.js"></script><script src="%s"></script>
                <script src="/assets/sla/dashboard.js"></script>
                </body></html>
                """.formatted(csrf.getHeaderName(), csrf.getToken(), HtmlUtils.htmlEscape(user.id()), csrf.getParameterName(), csrf.getToken(),
                HtmlUtils.htmlEscape(scopeText), scope.cityWide() ? "全部" : "本機關全部", agencies, types, ECHARTS);
    }

    private static String option(String value, String label) {
        return "<option value=\"" + HtmlUtils.htmlEscape(value) + "\">" + HtmlUtils.htmlEscape(label) + "</option>";
    }

    /** The version of a webjar on the classpath, from its Maven metadata, so the page's address follows the pom. */
    static String webjarVersion(String artifact) {
        String path = "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = DashboardPage.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("webjar " + artifact + " is missing from the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
