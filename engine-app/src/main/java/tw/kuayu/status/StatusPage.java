package tw.kuayu.status;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public 案件進度查詢 page: the applicant enters the case number and national ID. */
@RestController
public class StatusPage {

    @GetMapping(path = "/status", produces = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8")
    public String page() {
        return """
                <!DOCTYPE html><html lang="zh-Hant-TW"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>案件進度查詢 · 跨域 Kuayu</title>
                <style>body{font-family:sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1b1f23}
                label{display:block;margin-top:1rem;font-weight:bold} input{font-size:1rem;padding:.4rem;width:16rem}
                button{margin-top:1rem;font-size:1rem;padding:.5rem 1.2rem} dt{font-weight:bold;margin-top:.6rem}
                .bad{color:#a4000f} :focus{outline:3px solid #1f6feb}</style>
                </head><body><h1>案件進度查詢</h1>
                <p>請輸入收件時取得的案號，以及申請人身分證統一編號。</p>
                <form id="query">
                <label for="caseNo">案號</label><input id="caseNo" name="caseNo" required maxlength="40" placeholder="115-UDD-000001" autocomplete="off">
                <label for="nationalId">身分證統一編號</label><input id="nationalId" name="nationalId" required maxlength="10" autocomplete="off">
                <div><button type="submit">查詢</button></div>
                </form>
                <div id="result" aria-live="polite"></div>
                <script src="/js/status.js"></script></body></html>
                """;
    }
}
