package tw.kuayu.decision;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.cases.Counters;
import tw.kuayu.decision.DecisionMapper.DecisionInfo;
import tw.kuayu.decision.DecisionMapper.Revocation;
import tw.kuayu.decision.pdf.DecisionPdfRenderer;

/**
 * The public page a decision's QR code leads to (查驗): whether the document number exists and is
 * still in force, and a form to check the PDF itself. It shows no personal data.
 */
@RestController
public class VerificationPage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final DecisionMapper decisions;
    private final Catalog catalog;

    public VerificationPage(DecisionMapper decisions, Catalog catalog) {
        this.decisions = decisions;
        this.catalog = catalog;
    }

    @GetMapping(path = "/verify", produces = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8")
    public String page(@RequestParam(required = false) String documentNo) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html><html lang="zh-Hant-TW"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>處分書查驗 · 跨域 Kuayu</title>
                <style>body{font-family:sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1b1f23}
                dt{font-weight:bold;margin-top:.6rem} .ok{color:#0a6b2d} .bad{color:#a4000f}
                button{font-size:1rem;padding:.5rem 1.2rem} pre{white-space:pre-wrap;background:#f4f6f8;padding:1rem}</style>
                </head><body><h1>處分書查驗</h1>
                """);
        if (documentNo != null && !documentNo.isBlank()) {
            DecisionInfo info = documentNo.length() > 80 ? null : decisions.findByDocumentNo(documentNo);
            if (info == null) {
                html.append("<p class=\"bad\" role=\"alert\">查無發文字號「").append(HtmlUtils.htmlEscape(documentNo))
                        .append("」之處分書。</p>");
            } else {
                boolean inForce = DecisionStatus.ISSUED.equals(info.status());
                List<String> signing = info.requiredSignerList();
                html.append("<dl><dt>發文字號</dt><dd>").append(HtmlUtils.htmlEscape(info.documentNo()))
                        .append("</dd><dt>發文機關</dt><dd>").append(HtmlUtils.htmlEscape(catalog.agency(signing.get(0)).name()));
                if (signing.size() > 1) {
                    html.append("</dd><dt>會銜機關</dt><dd>").append(HtmlUtils.htmlEscape(signing.subList(1, signing.size()).stream()
                            .map(a -> catalog.agency(a).name()).collect(Collectors.joining("、"))));
                }
                html.append("</dd><dt>發文時間</dt><dd>").append(TIME.format(info.issuedAt().atZone(Counters.TAIPEI)))
                        .append("</dd><dt>文件狀態</dt><dd class=\"").append(inForce ? "ok\">有效" : "bad\">" + statusText(info.status()))
                        .append(revocation(info))
                        .append("</dd><dt>文件雜湊值（SHA-256）</dt><dd><code>").append(info.sha256()).append("</code></dd></dl>");
            }
        }
        html.append("""
                <h2>檢驗您持有的 PDF 檔</h2>
                <p>選擇處分書 PDF 檔，系統將檢查每一個機關的數位簽章、憑證鏈，以及簽章後是否遭到修改。</p>
                <label for="pdf">處分書檔案</label> <input id="pdf" type="file" accept="application/pdf">
                <button id="check" type="button">查驗</button>
                <pre id="result" aria-live="polite"></pre>
                <script src="/js/verify.js"></script></body></html>
                """);
        return html.toString();
    }

    /** For a revoked decision: the date and the stated reason after the status. */
    private String revocation(DecisionInfo info) {
        Revocation r = DecisionStatus.REVOKED.equals(info.status()) ? decisions.revocation(info.id()) : null;
        if (r == null) {
            return "";
        }
        return "</dd><dt>撤銷日期</dt><dd class=\"bad\">" + DecisionPdfRenderer.rocDate(r.revokedAt().atZone(Counters.TAIPEI).toLocalDate())
                + "</dd><dt>撤銷理由</dt><dd>" + HtmlUtils.htmlEscape(r.reason());
    }

    static String statusText(String status) {
        return switch (status) {
            case DecisionStatus.CO_SIGNING -> "尚待會銜機關簽署";
            case DecisionStatus.DISCARDED -> "已退回作廢";
            default -> "已撤銷";
        };
    }
}
