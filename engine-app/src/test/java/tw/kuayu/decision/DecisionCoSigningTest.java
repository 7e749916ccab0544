package tw.kuayu.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.cases.CaseStatus;
import tw.kuayu.cases.Counters;
import tw.kuayu.decision.DecisionMapper.DecisionInfo;
import tw.kuayu.decision.pdf.Dss;
import tw.kuayu.decision.pdf.PdfSignatureVerifier;
import tw.kuayu.decision.pdf.PdfTools;
import tw.kuayu.decision.pdf.PdfVerification;
import tw.kuayu.decision.pdf.SignatureCheck;

/**
 * Co-signing (會銜) through {@link DecisionIssuer} and the public API. The land-value-tax case type
 * is given two co-signers here, so every decision in this test is signed by three agencies.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "kuayu.case-types.land-value-tax-self-use.co-signing.agencies=tpe-land,tpe-social")
@ActiveProfiles({"demo", "test"})
class DecisionCoSigningTest {

    @LocalServerPort
    int port;

    @Autowired
    DecisionIssuer issuer;
    @Autowired
    DecisionMapper decisions;
    @Autowired
    CaseMapper cases;
    @Autowired
    Counters counters;
    @Autowired
    AgencyCredentials credentials;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** A case as intake leaves it, without a process: the issuer is called directly, as the delegates do. */
    String newCase() {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        cases.insert(new CaseRecord(id, counters.nextCaseNo("TAX"), "land-value-tax-self-use", "tpe-tax", CaseStatus.IN_PROGRESS,
                "A123456789", "王小明", "{\"parcelNo\":\"大安區龍泉段二小段0123-0000\"}", null, now, now.plus(Duration.ofDays(20)),
                null, "tax.clerk", null, null));
        return id;
    }

    @Test
    void decisionWaitsForEveryCoSignerAndIsServedOnlyWhenAllSigned() throws Exception {
        String id = newCase();
        DecisionInfo draft = issuer.issue(id, true, null);
        assertThat(draft.status()).isEqualTo(DecisionStatus.CO_SIGNING);
        assertThat(draft.signerList()).containsExactly("tpe-tax");
        assertThat(draft.requiredSignerList()).containsExactly("tpe-tax", "tpe-land", "tpe-social");
        assertThat(cases.findById(id).status()).isEqualTo(CaseStatus.IN_PROGRESS);

        Answer pending = api.get("/api/cases/" + id + "/decision.pdf", "tax.clerk");
        assertThat(pending.status()).isEqualTo(404);
        assertThat(pending.contentType()).startsWith("application/problem+json");
        assertThat(pending.json().path("detail").asText()).contains("處分書尚待會銜機關簽署");
        JsonNode view = api.get("/api/cases/" + id, "tax.clerk").json();
        assertThat(view.path("decision").path("status").asText()).isEqualTo("co-signing");
        assertThat(view.path("decision").path("pdf").isNull()).isTrue();
        assertThat(api.get("/verify?documentNo=" + java.net.URLEncoder.encode(draft.documentNo(),
                java.nio.charset.StandardCharsets.UTF_8), null).text()).contains("尚待會銜機關簽署", "臺北市政府地政局");

        assertThat(issuer.coSign(id, "tpe-land").status()).isEqualTo(DecisionStatus.CO_SIGNING);
        assertThat(cases.findById(id).status()).isEqualTo(CaseStatus.IN_PROGRESS);
        DecisionInfo issued = issuer.coSign(id, "tpe-social");
        assertThat(issued.status()).isEqualTo(DecisionStatus.ISSUED);
        assertThat(issued.signerList()).containsExactly("tpe-tax", "tpe-land", "tpe-social");
        CaseRecord closed = cases.findById(id);
        assertThat(closed.status()).isEqualTo(CaseStatus.APPROVED);
        assertThat(closed.closedAt()).isNotNull();

        Answer pdf = api.get("/api/cases/" + id + "/decision.pdf", "tax.clerk");
        assertThat(pdf.status()).as(pdf.text()).isEqualTo(200);
        assertThat(DecisionIssuer.sha256(pdf.body())).isEqualTo(issued.sha256());
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            assertThat(new PDFTextStripper().getText(doc)).as("one signature block per agency")
                    .contains("臺北市稅捐稽徵處", "臺北市政府地政局", "臺北市政府社會局");
        }

        JsonNode verified = api.send("POST", "/api/decisions/verify", null, "application/pdf", pdf.body()).json();
        assertThat(verified.path("valid").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.path("signatures")).extracting(s -> s.path("agency").asText()).containsExactly("TAX", "LAND", "SOC");
        assertThat(verified.path("signatures")).allSatisfy(s -> assertThat(s.path("valid").asBoolean()).isTrue());

        assertThat(Dss.validate(pdf.body(), credentials.trustAnchors())).extracting(Dss.Signature::agency)
                .containsExactly("TAX", "LAND", "SOC");
        Path file = Files.createTempFile("cosigned", ".pdf");
        try {
            Files.write(file, pdf.body());
            PdfTools.Result sig = PdfTools.run("pdfsig", file.toString());
            assertThat(sig.output().split("Signature is Valid", -1)).as(sig.output()).hasSize(4);
            assertThat(PdfTools.run("qpdf", "--check", file.toString()).exitCode()).isZero();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aRetriedCoSignJobDoesNotSignTwice() {
        String id = newCase();
        issuer.issue(id, true, null);
        DecisionInfo first = issuer.coSign(id, "tpe-land");
        DecisionInfo again = issuer.coSign(id, "tpe-land");
        assertThat(again.sha256()).isEqualTo(first.sha256());
        assertThat(again.signerList()).containsExactly("tpe-tax", "tpe-land");
        assertThat(signatures(decisions.pdfById(first.id()).pdf())).hasSize(2);

        issuer.coSign(id, "tpe-social");
        DecisionInfo afterIssue = issuer.coSign(id, "tpe-social");
        assertThat(afterIssue.status()).isEqualTo(DecisionStatus.ISSUED);
        assertThat(signatures(decisions.pdf(id).pdf())).hasSize(3);
    }

    @Test
    void onlyTheCaseTypesCoSignersMaySign() {
        String id = newCase();
        issuer.issue(id, true, null);
        assertThatThrownBy(() -> issuer.coSign(id, "tpe-fire")).isInstanceOf(IllegalStateException.class);
        assertThat(decisions.findByCase(id).signerList()).containsExactly("tpe-tax");
    }

    @Test
    void aDiscardedDraftIsKeptButNotServedAndReissuingMakesANewDocument() {
        String id = newCase();
        DecisionInfo draft = issuer.issue(id, true, null);
        byte[] draftPdf = decisions.pdfById(draft.id()).pdf();
        issuer.coSign(id, "tpe-land");
        issuer.discard(id);
        issuer.discard(id); // a retried job

        assertThat(decisions.findByCase(id)).isNull();
        assertThat(decisions.findAllByCase(id)).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(DecisionStatus.DISCARDED));
        assertThat(api.get("/api/cases/" + id + "/decision.pdf", "tax.clerk").status()).isEqualTo(404);
        assertThat(api.get("/api/cases/" + id, "tax.clerk").json().path("decision").isNull()).isTrue();
        assertThatThrownBy(() -> issuer.coSign(id, "tpe-social")).isInstanceOf(IllegalStateException.class);

        DecisionInfo second = issuer.issue(id, false, "經會銜機關退回後重新審查，不符資格。");
        assertThat(second.id()).isNotEqualTo(draft.id());
        assertThat(second.documentNo()).isNotEqualTo(draft.documentNo());
        assertThat(second.outcome()).isEqualTo("rejected");
        assertThat(second.signerList()).containsExactly("tpe-tax");
        assertThat(decisions.findAllByCase(id)).hasSize(2);
        assertThat(decisions.findByCase(id).id()).isEqualTo(second.id());

        JsonNode old = api.send("POST", "/api/decisions/verify", null, "application/pdf", draftPdf).json();
        assertThat(old.path("valid").asBoolean()).isFalse();

        issuer.coSign(id, "tpe-land");
        issuer.coSign(id, "tpe-social");
        assertThat(cases.findById(id).status()).isEqualTo(CaseStatus.REJECTED);
        assertThatThrownBy(() -> issuer.discard(id)).as("an issued decision is revoked, not discarded")
                .isInstanceOf(IllegalStateException.class);
        Answer pdf = api.get("/api/cases/" + id + "/decision.pdf", "tax.clerk");
        assertThat(DecisionIssuer.sha256(pdf.body())).isEqualTo(decisions.findByCase(id).sha256());
    }

    @Test
    void theDecidingAgencyIssuesAndSignsFirstWhenItIsNotTheOwner() throws Exception {
        String id = newCase();
        DecisionInfo draft = issuer.issue(id, false, "依原住民族委員會核示，申請人不符資格。", "tpe-indigenous");
        assertThat(draft.documentNo()).startsWith("北市原經字第");
        assertThat(draft.requiredSignerList()).containsExactly("tpe-indigenous", "tpe-land", "tpe-social");
        assertThat(draft.decidingAgency()).isEqualTo("tpe-indigenous");
        byte[] pdf = decisions.pdfById(draft.id()).pdf();
        List<SignatureCheck> checks = signatures(pdf);
        assertThat(checks).singleElement().satisfies(s -> {
            assertThat(s.agencyCode()).isEqualTo("IND");
            assertThat(s.certification()).isTrue();
            assertThat(s.docMdpPermission()).isEqualTo(2);
        });
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(doc)).contains("臺北市政府原住民族事務委員會", "依原住民族委員會核示");
        }
        issuer.coSign(id, "tpe-land");
        issuer.coSign(id, "tpe-social");
        assertThat(signatures(decisions.pdf(id).pdf())).extracting(SignatureCheck::agencyCode)
                .containsExactly("IND", "LAND", "SOC");
    }

    private List<SignatureCheck> signatures(byte[] pdf) {
        PdfVerification v = new PdfSignatureVerifier(credentials.trustAnchors()).verify(pdf);
        assertThat(v.valid()).as(v.toString()).isTrue();
        return v.signatures();
    }
}
