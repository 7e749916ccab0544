package tw.kuayu.studio;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The process owners' studio page ({@code /studio}, process owners only): the deployed process definitions,
 * a BPMN modeler (bpmn-js from its webjar) with Kuayu's properties panel, the deploy checks and deploying
 * with a reason; per process, its versions (retire, reactivate), a diff of two versions and migrating running cases. A server-rendered shell; static/assets/studio fills it through the JSON API with the page's
 * session and CSRF token, like the worklist (docs/decisions/014 and 020).
 */
@RestController
class StudioPages {

    static final String BPMN_JS = "/webjars/bpmn-js/8.0.0/dist/";

    @GetMapping(path = "/studio", produces = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8")
    String studio(Principal user, HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return """
                <!DOCTYPE html><html lang="zh-Hant-TW"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="csrf-header" content="%1$s"><meta name="csrf-token" content="%2$s">
                <title>流程工作室 · 跨域 Kuayu</title>
                <link rel="stylesheet" href="/assets/worklist/worklist.css">
                <link rel="stylesheet" href="%5$sassets/diagram-js.css">
                <link rel="stylesheet" href="%5$sassets/bpmn-font/css/bpmn.css">
                <link rel="stylesheet" href="/assets/studio/studio.css"></head><body>
                <a class="skip" href="#main">跳到主要內容</a>
                <header><a href="/" class="brand">跨域 Kuayu</a><span>%3$s</span>
                <form method="post" action="/logout"><input type="hidden" name="%4$s" value="%2$s"><button type="submit" class="link">登出</button></form>
                </header>
                <main id="main">
                <h1>流程工作室</h1>
                <p id="status" role="status" aria-live="polite"></p>
                <section aria-labelledby="defs-h"><h2 id="defs-h">流程定義</h2>
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="defs-caption">
                <table id="definitions"><caption id="defs-caption">已部署的流程與版本（括號內為執行中案件數）</caption><thead><tr>
                <th scope="col">流程代碼</th><th scope="col">名稱</th><th scope="col">最新版本</th><th scope="col">版本（開啟編輯）</th>
                </tr></thead><tbody></tbody></table></div>
                </section>
                <section id="editor" aria-labelledby="editor-h" hidden>
                <h2 id="editor-h">編輯流程</h2>
                <p id="draft-note" class="muted"></p>
                <div class="toolbar">
                <label for="element-picker">選擇元素</label><select id="element-picker"><option value="">（在圖上點選或由此選擇）</option></select>
                <button type="button" id="check">執行部署前檢查</button>
                <button type="button" id="save-draft" class="secondary">存為草稿</button>
                <button type="button" id="discard-draft" class="secondary">捨棄草稿</button>
                <button type="button" id="download" class="secondary">下載 BPMN</button>
                </div>
                <div class="studio">
                <div id="canvas" role="application" aria-label="BPMN 流程圖編輯區"></div>
                <aside id="panel" aria-labelledby="panel-h"><h3 id="panel-h" tabindex="-1">元素屬性</h3>
                <p id="element-info" class="muted">請在圖上點選一個元素。</p>
                <form id="props" autocomplete="off"></form></aside>
                </div>
                <section aria-labelledby="findings-h"><h3 id="findings-h">檢查結果</h3>
                <p id="findings-summary" class="muted">尚未檢查。</p><ul id="findings"></ul></section>
                <form id="deploy"><h3>部署新版本</h3>
                <label for="reason">部署原因（將記錄部署者與原因，例如修正依據之函號）</label>
                <textarea id="reason" name="reason" rows="3" maxlength="1000" required></textarea>
                <button type="submit">檢查並部署</button></form>
                </section>
                <section id="versions" aria-labelledby="versions-h" hidden>
                <h2 id="versions-h">版本、比較與移轉</h2>
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="version-caption">
                <table id="version-list"><caption id="version-caption">各版本（退役的版本不再用於新案件，執行中的案件照常辦理）</caption><thead><tr>
                <th scope="col">版本</th><th scope="col">執行中案件</th><th scope="col">狀態</th><th scope="col">退役或恢復</th>
                </tr></thead><tbody></tbody></table></div>
                <div class="field"><label for="retire-reason">退役或恢復的原因（按下各版本的按鈕前填寫）</label>
                <input id="retire-reason" maxlength="1000"></div>
                <form id="diff-form" class="toolbar"><h3 id="diff-h">比較兩個版本</h3>
                <label for="diff-from">比較基準</label><select id="diff-from"></select>
                <label for="diff-to">比較對象</label><select id="diff-to"></select>
                <button type="submit" class="secondary">比較</button></form>
                <div id="diff-result" aria-labelledby="diff-h"></div>
                <form id="migration"><h3 id="migration-h">移轉執行中的案件</h3>
                <div class="toolbar">
                <label for="mig-source">來源版本</label><select id="mig-source"></select>
                <label for="mig-target">目標版本</label><select id="mig-target"></select>
                <button type="button" id="mig-list" class="secondary">列出來源版本的案件</button>
                </div>
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="mig-caption">
                <table id="mig-instances"><caption id="mig-caption">來源版本執行中的案件（勾選要移轉的案件）</caption><thead><tr>
                <th scope="col">選擇</th><th scope="col">案號</th><th scope="col">目前步驟</th><th scope="col">試算結果</th>
                </tr></thead><tbody></tbody></table></div>
                <p><button type="button" id="mig-dry-run" class="secondary">試算（不會移轉）</button></p>
                <div id="dry-run-result"></div>
                <label for="mig-reason">移轉原因（將記錄移轉者與原因）</label>
                <textarea id="mig-reason" rows="2" maxlength="1000"></textarea>
                <button type="submit" id="mig-start">移轉勾選的案件</button>
                </form>
                <div id="mig-progress" role="status" aria-live="polite"></div>
                </section>
                <datalist id="groups-list"></datalist><datalist id="forms-list"></datalist><datalist id="sources-list"></datalist>
                </main>
                <script src="/assets/worklist/common.js"></script>
                <script src="%5$sbpmn-modeler.production.min.js"></script>
                <script src="/assets/studio/panel.js"></script>
                <script src="/assets/studio/studio.js"></script>
                <script src="/assets/studio/versions.js"></script>
                </body></html>
                """.formatted(csrf.getHeaderName(), csrf.getToken(), HtmlUtils.htmlEscape(user.getName()), csrf.getParameterName(), BPMN_JS);
    }
}
