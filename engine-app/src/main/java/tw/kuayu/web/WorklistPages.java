package tw.kuayu.web;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The caseworker's worklist and case pages: server-rendered shells, filled by a little vanilla
 * script (static/assets/worklist) that calls Kuayu's JSON API with the page's session and CSRF
 * token. No case data is rendered here, so the API's agency rules are the only gate.
 * See docs/decisions/014-worklist-front-end.md.
 */
@RestController
public class WorklistPages {

    private static final String HTML = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8";

    @GetMapping(path = "/worklist", produces = HTML)
    public String worklist(Principal user, HttpServletRequest request) {
        return head("工作清單", user, request) + """
                <main id="main">
                <h1>我的工作清單</h1>
                <form id="filters" class="filters" role="search" aria-label="篩選待辦">
                <div><label for="q">搜尋（案號開頭、申請人完整姓名或身分證統一編號）</label><input id="q" name="q" type="search" maxlength="80"></div>
                <div><label for="caseType">案件類型</label><select id="caseType" name="caseType"><option value="">全部</option></select></div>
                <div><label for="step">步驟</label><select id="step" name="step"><option value="">全部</option></select></div>
                <div><label for="holder">承辦人</label><select id="holder" name="holder">
                <option value="">我的與未簽收</option><option value="mine">我簽收的</option><option value="unassigned">未簽收</option>
                <option value="all">含同仁簽收</option></select></div>
                <div><label for="due">期限</label><select id="due" name="due"><option value="">全部</option>
                <option value="overdue">已逾期</option><option value="3">3 個工作天內到期</option><option value="5">5 個工作天內到期</option>
                </select></div>
                <div class="buttons"><button type="submit">查詢</button><button type="reset" class="secondary">清除條件</button></div>
                </form>
                <p id="status" role="status" aria-live="polite"></p>
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="caption">
                <table id="tasks"><caption id="caption">待辦任務</caption><thead><tr>
                <th scope="col" data-sort="caseNo"><button type="button">案號</button></th>
                <th scope="col">案件類型</th><th scope="col">申請人</th><th scope="col">步驟</th><th scope="col">承辦人</th>
                <th scope="col" data-sort="createdAt"><button type="button">收件／派送日</button></th>
                <th scope="col" data-sort="caseDueAt"><button type="button">法定期限（剩餘工作天）</button></th>
                </tr></thead><tbody></tbody></table></div>
                <nav class="pager" aria-label="分頁"><button type="button" id="prev">上一頁</button>
                <span id="pageinfo"></span><button type="button" id="next">下一頁</button></nav>
                </main><script src="/assets/worklist/common.js"></script><script src="/assets/worklist/worklist.js"></script>
                </body></html>
                """;
    }

    @GetMapping(path = "/worklist/cases/{caseId}", produces = HTML)
    public String casePage(@PathVariable String caseId, Principal user, HttpServletRequest request) {
        return head("案件", user, request) + """
                <main id="main" data-case="%s">
                <p><a href="/worklist">← 回工作清單</a></p>
                <h1 id="title">案件</h1>
                <p id="status" role="status" aria-live="polite"></p>
                <section id="task" aria-labelledby="task-h" hidden><h2 id="task-h">本步驟辦理</h2>
                <p id="holder"></p>
                <div class="buttons"><button type="button" id="claim">簽收</button>
                <button type="button" id="unclaim" class="secondary">退回待辦（取消簽收）</button></div>
                <form id="delegate" class="inline"><label for="colleague">轉派給同仁</label>
                <select id="colleague" name="userId" required></select><button type="submit" class="secondary">轉派</button></form>
                <form id="complete"><fieldset><legend>處理方式</legend><div id="actions"></div></fieldset>
                <div id="fields"></div>
                <label for="opinion">意見</label><textarea id="opinion" name="opinion" rows="5" maxlength="2000"></textarea>
                <button type="submit">送出辦理結果</button></form>
                </section>
                <section aria-labelledby="app-h"><h2 id="app-h">申請資料</h2><dl id="application"></dl></section>
                <section aria-labelledby="ev-h"><h2 id="ev-h">書證謄本（調閱紀錄）</h2><div id="evidence"></div></section>
                <section aria-labelledby="op-h"><h2 id="op-h">意見與歷程</h2><div id="history"></div></section>
                <section aria-labelledby="open-h"><h2 id="open-h">進行中的步驟</h2><ul id="open"></ul></section>
                </main><script src="/assets/worklist/common.js"></script><script src="/assets/worklist/case.js"></script>
                </body></html>
                """.formatted(HtmlUtils.htmlEscape(caseId));
    }

    private static String head(String title, Principal user, HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return """
                <!DOCTYPE html><html lang="zh-Hant-TW"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="csrf-header" content="%s"><meta name="csrf-token" content="%s">
                <title>%s · 跨域 Kuayu</title><link rel="stylesheet" href="/assets/worklist/worklist.css"></head><body>
                <a class="skip" href="#main">跳到主要內容</a>
                <header><a href="/" class="brand">跨域 Kuayu</a><span>%s</span>
                <form method="post" action="/logout"><input type="hidden" name="%s" value="%s"><button type="submit" class="link">登出</button></form>
                </header>
                """.formatted(csrf.getHeaderName(), csrf.getToken(), title, HtmlUtils.htmlEscape(user.getName()),
                csrf.getParameterName(), csrf.getToken());
    }
}
