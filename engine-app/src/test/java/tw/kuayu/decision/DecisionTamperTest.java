package tw.kuayu.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.cases.CaseStatus;
import tw.kuayu.cases.Counters;
import tw.kuayu.decision.DecisionMapper.DecisionInfo;

/**
 * Tampered copies of an issued, co-signed decision sent to {@code POST /api/decisions/verify}. The
 * context is the one {@link DecisionRevocationTest} uses, so Spring starts it once for both.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "kuayu.case-types.land-value-tax-self-use.co-signing.agencies=tpe-social")
@ActiveProfiles({"demo", "test"})
class DecisionTamperTest {

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

    byte[] issuedPdf() {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        cases.insert(new CaseRecord(id, counters.nextCaseNo("TAX"), "land-value-tax-self-use", "tpe-tax", CaseStatus.IN_PROGRESS,
                "A123456789", "王小明", "{}", null, now, now.plus(Duration.ofDays(20)), null, "tax.clerk", null, null));
        issuer.issue(id, true, null);
        DecisionInfo d = issuer.coSign(id, "tpe-social");
        return decisions.pdfById(d.id()).pdf();
    }

    JsonNode verify(byte[] pdf) {
        ApiClient.Answer a = new ApiClient(port).send("POST", "/api/decisions/verify", null, "application/pdf", pdf);
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a.json();
    }

    @Test
    void aPageAppendedAfterTheLastSignatureIsReportedWithTheSignaturesStillValid() throws Exception {
        byte[] pdf = issuedPdf();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pages;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            pages = doc.getNumberOfPages();
            doc.addPage(new PDPage());
            doc.getPages().getCOSObject().setNeedToBeUpdated(true);
            doc.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(out);
        }
        JsonNode v = verify(out.toByteArray());
        assertThat(v.path("valid").asBoolean()).isFalse();
        assertThat(v.path("modifiedAfterSigning").asBoolean()).isTrue();
        assertThat(v.path("signatures")).hasSize(2).allSatisfy(s -> assertThat(s.path("valid").asBoolean()).isTrue());
        assertThat(v.path("problems")).extracting(JsonNode::asText).contains(
                "the document was changed after the last signature",
                "1 page(s) added after the last signature: the signed document has " + pages + " page(s), the file " + (pages + 1)
                        + " (page " + (pages + 1) + " not signed)",
                "此文件與本系統製發之任何處分書內容不符。");
        assertThat(v.path("revoked").asBoolean()).isFalse();
    }

    @Test
    void aFlippedByteBreaksTheSignaturesThatCoverIt() {
        byte[] pdf = issuedPdf();
        byte[] tampered = pdf.clone();
        tampered[11] ^= 0x01; // the header's binary comment: covered by both signatures, not structural
        JsonNode v = verify(tampered);
        assertThat(v.path("valid").asBoolean()).isFalse();
        assertThat(v.path("modifiedAfterSigning").asBoolean()).isFalse();
        assertThat(v.path("signatures")).hasSize(2).allSatisfy(s -> assertThat(s.path("valid").asBoolean()).isFalse());
        assertThat(v.path("problems")).extracting(JsonNode::asText).contains("此文件與本系統製發之任何處分書內容不符。");
        assertThat(v.path("documentNo").isNull()).isTrue();
    }
}
