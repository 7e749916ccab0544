package tw.kuayu.decision;

import java.time.Instant;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.cases.CaseAccess;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.cases.Counters;
import tw.kuayu.decision.DecisionMapper.DecisionInfo;
import tw.kuayu.decision.DecisionMapper.Revocation;
import tw.kuayu.decision.pdf.DecisionPdfRenderer;
import tw.kuayu.decision.pdf.PdfSignatureVerifier;
import tw.kuayu.decision.pdf.PdfVerification;
import tw.kuayu.security.CurrentUsers;
import tw.kuayu.web.ApiException;

@RestController
public class DecisionController {

    private final CaseAccess access;
    private final CaseMapper cases;
    private final DecisionMapper decisions;
    private final PdfSignatureVerifier verifier;
    private final CurrentUsers users;
    private final DecisionRevoker revoker;

    public DecisionController(CaseAccess access, CaseMapper cases, DecisionMapper decisions, PdfSignatureVerifier verifier,
                              CurrentUsers users, DecisionRevoker revoker) {
        this.access = access;
        this.cases = cases;
        this.decisions = decisions;
        this.verifier = verifier;
        this.users = users;
        this.revoker = revoker;
    }

    @GetMapping("/api/cases/{id}/decision.pdf")
    public ResponseEntity<byte[]> pdf(@PathVariable String id) {
        CaseRecord c = access.readable(users.current(), id);
        DecisionInfo info = decisions.findByCase(c.id());
        if (info == null) {
            throw ApiException.notFound("此案件尚未製發處分書。");
        }
        // a draft is not a decision yet: answered like one not issued, with the reason (docs/signing-keys.md)
        if (DecisionStatus.CO_SIGNING.equals(info.status())) {
            throw ApiException.notFound("處分書尚待會銜機關簽署。");
        }
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(c.caseNo() + ".pdf").build().toString())
                .header(HttpHeaders.ETAG, "\"" + info.sha256() + "\"")
                .body(decisions.pdf(c.id()).pdf());
    }

    public record SignatureView(String agency, String signer, java.time.Instant signedAt, boolean valid) {
    }

    /**
     * @param revoked          the decision was revoked (撤銷); its signatures may still verify
     * @param revokedAt        when, or null
     * @param revocationReason the stated reason, or null
     */
    public record VerificationView(boolean valid, String caseNo, String documentNo, String status, List<SignatureView> signatures,
                                   boolean modifiedAfterSigning, List<String> problems, boolean revoked, Instant revokedAt,
                                   String revocationReason) {
    }

    public record RevokeRequest(String reason) {
    }

    public record RevocationView(String documentNo, String status, Instant revokedAt, String reason) {
    }

    /** The deciding agency's approvers revoke (撤銷) an issued decision; verification reports it from then on. */
    @PostMapping("/api/decisions/{documentNo}/revoke")
    public RevocationView revoke(@PathVariable String documentNo, @RequestBody(required = false) RevokeRequest request) {
        Revocation r = revoker.revoke(users.current(), documentNo, request == null ? null : request.reason());
        return new RevocationView(documentNo, DecisionStatus.REVOKED, r.revokedAt(), r.reason());
    }

    /** Anyone may check a decision they were given: signatures, trust, later changes and the document's status in Kuayu. */
    @PostMapping(path = "/api/decisions/verify", consumes = MediaType.APPLICATION_PDF_VALUE)
    public VerificationView verify(@RequestBody byte[] pdf) {
        if (pdf.length < 5 || !new String(pdf, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("%PDF-")) {
            throw ApiException.badRequest("上傳的檔案不是 PDF 文件。", List.of("body: 須為 application/pdf"));
        }
        if (!endsWithEof(pdf)) {
            throw ApiException.badRequest("PDF 文件不完整（結尾缺少 %%EOF），可能在下載或傳送時遭截斷，請取得完整檔案後再查驗。",
                    List.of("body: PDF 不完整"));
        }
        PdfVerification result = verifier.verify(pdf);
        if (result.problems().stream().anyMatch(p -> p.startsWith(PdfSignatureVerifier.UNREADABLE))) {
            throw ApiException.badRequest("無法讀取此 PDF 文件，檔案可能已毀損或遭竄改。", List.of("body: PDF 無法解析"));
        }
        DecisionInfo known = decisions.findBySha256(DecisionIssuer.sha256(pdf));
        CaseRecord c = known == null ? null : cases.findById(known.caseId());
        Revocation revocation = known == null ? null : decisions.revocation(known.id());
        List<String> problems = new java.util.ArrayList<>(result.problems());
        if (known == null) {
            problems.add("此文件與本系統製發之任何處分書內容不符。");
        } else if (revocation != null) {
            problems.add(revokedProblem(revocation));
        } else if (!DecisionStatus.ISSUED.equals(known.status())) {
            problems.add(statusProblem(known.status()));
        }
        boolean valid = result.valid() && known != null && DecisionStatus.ISSUED.equals(known.status());
        return new VerificationView(valid, c == null ? null : c.caseNo(), known == null ? null : known.documentNo(),
                known == null ? null : known.status(),
                result.signatures().stream().map(s -> new SignatureView(s.agencyCode(), s.signerCommonName(), s.signingTime(),
                        s.valid())).toList(),
                result.modifiedAfterSigning(), problems, revocation != null, revocation == null ? null : revocation.revokedAt(),
                revocation == null ? null : revocation.reason());
    }

    static String revokedProblem(Revocation r) {
        return "此處分書已於" + DecisionPdfRenderer.rocDate(r.revokedAt().atZone(Counters.TAIPEI).toLocalDate())
                + "撤銷，不再具有效力。撤銷理由：" + r.reason();
    }

    /** Every PDF, and every incremental update of one (a signature), ends with %%EOF. */
    static boolean endsWithEof(byte[] pdf) {
        int from = Math.max(0, pdf.length - 1024);
        return new String(pdf, from, pdf.length - from, java.nio.charset.StandardCharsets.ISO_8859_1).contains("%%EOF");
    }

    static String statusProblem(String status) {
        return switch (status) {
            case DecisionStatus.CO_SIGNING -> "此處分書尚待會銜機關簽署，尚未生效。";
            case DecisionStatus.DISCARDED -> "此處分書草稿已經會銜機關退回作廢。";
            default -> "此處分書已撤銷。";
        };
    }
}
