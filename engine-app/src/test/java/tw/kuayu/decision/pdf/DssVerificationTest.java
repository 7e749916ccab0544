package tw.kuayu.decision.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Co-signed decisions checked by EU DSS, an independent PAdES verifier. */
class DssVerificationTest {

    @TempDir
    static Path dir;

    static DemoPki pki;
    static List<java.security.cert.X509Certificate> anchors;
    static PadesSigner signer;
    static byte[] twoAgencies;
    static byte[] threeAgencies;

    @BeforeAll
    static void sign() {
        pki = new DemoPki(dir.resolve("pki"), "demo-only".toCharArray());
        anchors = List.of(pki.rootCertificate());
        signer = new PadesSigner(Clock.fixed(Instant.parse("2026-11-27T03:00:00Z"), ZoneOffset.UTC), "臺北市");
        byte[] unsigned = new DecisionPdfRenderer(TestFonts.font()).render(Letters.shortLetter());
        byte[] tax = signer.sign(unsigned, pki.credential("TAX", "臺北市稅捐稽徵處"), "核定");
        twoAgencies = signer.sign(tax, pki.credential("LAND", "臺北市政府地政局"), "會銜");
        threeAgencies = signer.sign(twoAgencies, pki.credential("SOC", "臺北市政府社會局"), "會銜");
    }

    @Test
    void twoAgencyDecisionHasTwoValidBaselineSignaturesInOrder() {
        List<Dss.Signature> signatures = Dss.validate(twoAgencies, anchors);
        assertThat(signatures).extracting(Dss.Signature::agency).containsExactly("TAX", "LAND");
        assertAllValid(signatures);
    }

    @Test
    void threeAgencyDecisionHasThreeValidBaselineSignaturesInOrder() {
        List<Dss.Signature> signatures = Dss.validate(threeAgencies, anchors);
        assertThat(signatures).extracting(Dss.Signature::agency).containsExactly("TAX", "LAND", "SOC");
        assertThat(signatures).extracting(Dss.Signature::signer)
                .containsExactly("臺北市稅捐稽徵處", "臺北市政府地政局", "臺北市政府社會局");
        assertAllValid(signatures);
    }

    @Test
    void flippedByteInsideASignedRangeIsDetected() throws Exception {
        int[] range;
        try (PDDocument doc = Loader.loadPDF(threeAgencies)) {
            range = doc.getSignatureDictionaries().get(0).getByteRange();
        }
        byte[] tampered = threeAgencies.clone();
        tampered[range[1] / 2] ^= 0x01; // page content signed by all three
        List<Dss.Signature> signatures = Dss.validate(tampered, anchors);
        assertThat(signatures).hasSize(3).noneMatch(Dss.Signature::intact);
        assertThat(signatures).allMatch(s -> s.indication() == Indication.TOTAL_FAILED);
    }

    @Test
    void signatureByAKeyFromAnUntrustedCaIsReported() {
        DemoPki stranger = new DemoPki(dir.resolve("stranger"), "demo-only".toCharArray());
        byte[] forged = signer.sign(twoAgencies, stranger.credential("SOC", "臺北市政府社會局"), "會銜");

        List<Dss.Signature> signatures = Dss.validate(forged, anchors);
        assertThat(signatures).extracting(Dss.Signature::agency).containsExactly("TAX", "LAND", "SOC");
        assertThat(signatures.subList(0, 2)).allMatch(Dss.Signature::trustedChain);
        Dss.Signature third = signatures.get(2);
        assertThat(third.intact()).as("the stranger's signature itself is intact").isTrue();
        assertThat(third.trustedChain()).isFalse();
        assertThat(third.indication()).isNotEqualTo(Indication.TOTAL_PASSED);
        // and Kuayu's own verifier agrees
        PdfVerification ours = new PdfSignatureVerifier(anchors).verify(forged);
        assertThat(ours.valid()).isFalse();
        assertThat(ours.signatures().get(2).trusted()).isFalse();
    }

    static void assertAllValid(List<Dss.Signature> signatures) {
        assertThat(signatures).allSatisfy(s -> {
            assertThat(s.intact()).as(s.toString()).isTrue();
            assertThat(s.valid()).as(s.toString()).isTrue();
            assertThat(s.trustedChain()).as(s.toString()).isTrue();
            assertThat(s.format()).as("a PAdES baseline signature, not a plain CMS one").isEqualTo(SignatureLevel.PAdES_BASELINE_B);
            assertThat(s.indication()).as(s.toString()).isNotEqualTo(Indication.TOTAL_FAILED);
        });
    }
}
