package tw.kuayu.web;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import tw.kuayu.security.Roles;

/** The sign-in page and the start page that points each kind of user to their tool. zh-TW first. */
@RestController
public class PagesController {

    private static final String HEAD = """
            <!DOCTYPE html><html lang="zh-Hant-TW"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>%s · 跨域 Kuayu</title>
            <style>
            body{font-family:"Noto Sans TC","PingFang TC","Microsoft JhengHei",sans-serif;margin:0;background:#f4f6f8;color:#1b1f23}
            main{max-width:44rem;margin:3rem auto;background:#fff;padding:2rem 2.5rem;border-radius:8px;box-shadow:0 1px 3px #0002}
            h1{font-size:1.5rem;margin-top:0} label{display:block;margin:.8rem 0 .3rem}
            input{font-size:1rem;padding:.5rem;width:100%%;box-sizing:border-box;border:1px solid #8a939c;border-radius:4px}
            button{margin-top:1.2rem;font-size:1rem;padding:.6rem 1.4rem;background:#0b5cab;color:#fff;border:0;border-radius:4px;cursor:pointer}
            button:focus,input:focus,a:focus{outline:3px solid #f2a900;outline-offset:2px}
            .error{color:#a4000f} li{margin:.4rem 0} a{color:#0b5cab}
            </style></head><body><main>
            """;

    /** kuayu.security.oidc.enabled: the sign-in page also offers the agency's single sign-on (tw.kuayu.security.OidcSignIn). */
    @org.springframework.beans.factory.annotation.Value("${kuayu.security.oidc.enabled:false}")
    boolean singleSignOn;

    @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8")
    public String login(HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String message = request.getParameter("error") != null ? "<p class=\"error\" role=\"alert\">帳號或密碼錯誤，請重新輸入。</p>"
                : request.getParameter("sso-error") != null ? "<p class=\"error\" role=\"alert\">單一簽入未完成，請重新登入或洽機關資訊人員。</p>"
                : request.getParameter("logout") != null ? "<p role=\"status\">您已登出。</p>" : "";
        if (singleSignOn) {
            message += "<p><a id=\"sso\" href=\"/oauth2/authorization/oidc\">以機關單一簽入（OpenID Connect）登入</a></p>";
        }
        return HEAD.formatted("登入") + """
                <h1>跨域案件處理系統 登入</h1>%s
                <form method="post" action="/login">
                <label for="username">帳號</label><input id="username" name="username" autocomplete="username" required autofocus>
                <label for="password">密碼</label><input id="password" name="password" type="password" autocomplete="current-password" required>
                <input type="hidden" name="%s" value="%s">
                <button type="submit">登入</button>
                </form></main></body></html>
                """.formatted(message, csrf.getParameterName(), csrf.getToken());
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8")
    public String home(Principal user, HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        boolean manager = user instanceof org.springframework.security.core.Authentication auth && tw.kuayu.security.Roles.readsSlaReports(
                auth.getAuthorities().stream().map(org.springframework.security.core.GrantedAuthority::getAuthority).toList());
        return HEAD.formatted("首頁") + """
                <h1>跨域 Kuayu — 跨機關案件處理</h1>
                <p>您好，%s。</p>
                <ul>
                <li><a href="/worklist">我的工作清單</a>：篩選、搜尋、簽收、轉派、辦理案件</li>
                %s                <li><a href="/camunda/app/tasklist/">待辦工作（Camunda Tasklist）</a>：承辦、會辦、核定</li>
                <li><a href="/camunda/app/cockpit/">流程監控（Cockpit）</a>：案件流程、異常（incident）</li>
                <li><a href="/camunda/app/admin/">系統管理（Admin）</a>：帳號、群組、授權</li>
                <li><a href="/api/case-types">案件類型（API）</a></li>
                <li><a href="/api/tasks">我的待辦（API）</a></li>%s
                </ul>
                <form method="post" action="/logout"><input type="hidden" name="%s" value="%s"><button type="submit">登出</button></form>
                </main></body></html>
                """.formatted(HtmlUtils.htmlEscape(user.getName()),
                manager ? "<li><a href=\"/sla\">處理時限儀表板</a>：如期率、逾期案件、瓶頸（主管）</li>\n" : "", studioLink(user),
                csrf.getParameterName(), csrf.getToken());
    }

    /** The studio is for process owners only; others would be refused it. */
    private static String studioLink(Principal user) {
        boolean owner = user instanceof Authentication signedIn && signedIn.getAuthorities().stream()
                .anyMatch(a -> Roles.authority(Roles.PROCESS_OWNERS).equals(a.getAuthority()));
        return owner ? "\n<li><a href=\"/studio\">流程工作室</a>：編修流程模型、部署前檢查、部署新版本</li>" : "";
    }
}
