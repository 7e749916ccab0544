package tw.kuayu.decision.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PAdES B-T: an RFC 3161 signature timestamp from a local test TSA. */
class TimestampTest {

    @TempDir
    Path dir;

    @Test
    void timestampedSignatureVerifiesInOurVerifierAndPoppler() throws Exception {
        DemoPki pki = new DemoPki(dir.resolve("pki"), "pw".toCharArray());
        AgencyCredential tax = pki.credential("TPE-TAX", "臺北市稅捐稽徵處");
        AgencyCredential root = AgencyCredential.fromPkcs12(dir.resolve("pki").resolve(DemoPki.ROOT_P12),
                "pw".toCharArray(), "root-ca");
        byte[] unsigned = new DecisionPdfRenderer(TestFonts.font()).render(Letters.shortLetter());
        try (TestTsa tsa = new TestTsa(root)) {
            PadesSigner signer = new PadesSigner(Clock.systemUTC(), "臺北市", tsa.url());
            byte[] signed = signer.sign(unsigned, tax, "核定");
            byte[] coSigned = signer.sign(signed, pki.credential("TPE-LAND", "臺北市政府地政局"), "會銜");

            try (PDDocument doc = Loader.loadPDF(signed)) {
                CMSSignedData cms = new CMSSignedData(doc.getSignatureDictionaries().get(0).getContents(signed));
                SignerInformation si = cms.getSignerInfos().getSigners().iterator().next();
                assertThat(si.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken))
                        .isNotNull();
            }
            PdfVerification v = new PdfSignatureVerifier(List.of(pki.rootCertificate())).verify(coSigned);
            assertThat(v.valid()).as(v.toString()).isTrue();
            assertThat(v.signatures()).hasSize(2).allSatisfy(s -> {
                assertThat(s.timestampTime()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(5, ChronoUnit.MINUTES));
                assertThat(s.problems()).isEmpty();
            });

            Path file = dir.resolve("timestamped.pdf");
            Files.write(file, coSigned);
            PdfTools.Result r = PdfTools.run("pdfsig", file.toString());
            assertThat(r.output().split("Signature is Valid", -1)).as(r.output()).hasSize(3);
        }
    }

    @Test
    void aSignatureLargerThanItsReservedSpaceIsSignedAgainWithRoomNeverCut() throws Exception {
        DemoPki pki = new DemoPki(dir.resolve("pki"), "pw".toCharArray());
        AgencyCredential tax = pki.credential("TPE-TAX", "臺北市稅捐稽徵處");
        AgencyCredential root = AgencyCredential.fromPkcs12(dir.resolve("pki").resolve(DemoPki.ROOT_P12),
                "pw".toCharArray(), "root-ca");
        byte[] unsigned = new DecisionPdfRenderer(TestFonts.font()).render(Letters.shortLetter());
        try (TestTsa tsa = new TestTsa(root)) {
            // no room foreseen for the timestamp token: the first CMS does not fit
            PadesSigner signer = new PadesSigner(Clock.systemUTC(), "臺北市", tsa.url(), 0);
            int before = signer.reservation(tax);
            byte[] signed = signer.sign(unsigned, tax, "核定");
            assertThat(signer.reservation(tax)).as("grown to the token seen").isGreaterThan(before);
            PdfVerification v = new PdfSignatureVerifier(List.of(pki.rootCertificate())).verify(signed);
            assertThat(v.valid()).as(v.toString()).isTrue();
            assertThat(v.signatures()).singleElement().satisfies(s -> assertThat(s.timestampTime()).isNotNull());
            Path file = dir.resolve("resigned.pdf");
            Files.write(file, signed);
            assertThat(PdfTools.run("pdfsig", file.toString()).output()).contains("Signature is Valid");
        }
    }

    @Test
    void timestampFromAnUntrustedAuthorityMakesTheSignatureUntrusted() throws Exception {
        DemoPki pki = new DemoPki(dir.resolve("pki"), "pw".toCharArray());
        DemoPki other = new DemoPki(dir.resolve("other"), "pw".toCharArray());
        other.rootCertificate();
        AgencyCredential otherRoot = AgencyCredential.fromPkcs12(dir.resolve("other").resolve(DemoPki.ROOT_P12),
                "pw".toCharArray(), "root-ca");
        byte[] unsigned = new DecisionPdfRenderer(TestFonts.font()).render(Letters.shortLetter());
        try (TestTsa tsa = new TestTsa(otherRoot)) {
            byte[] signed = new PadesSigner(Clock.systemUTC(), "臺北市", tsa.url())
                    .sign(unsigned, pki.credential("TPE-TAX", "臺北市稅捐稽徵處"), "核定");
            PdfVerification v = new PdfSignatureVerifier(List.of(pki.rootCertificate())).verify(signed);
            assertThat(v.valid()).isFalse();
            assertThat(v.signatures().get(0).cryptographicallyValid()).isTrue();
            assertThat(v.signatures().get(0).trusted()).isFalse();
            assertThat(v.signatures().get(0).problems()).contains("the timestamp authority is not trusted");
        }
    }

    @Test
    void unreachableTsaFailsSigningWithAClearMessage() {
        DemoPki pki = new DemoPki(dir.resolve("pki"), "pw".toCharArray());
        byte[] unsigned = new DecisionPdfRenderer(TestFonts.font()).render(Letters.shortLetter());
        PadesSigner signer = new PadesSigner(Clock.systemUTC(), "臺北市", URI.create("http://127.0.0.1:9/tsa"));
        assertThatThrownBy(() -> signer.sign(unsigned, pki.credential("TPE-TAX", "臺北市稅捐稽徵處"), "核定"))
                .hasMessageContaining("TPE-TAX")
                .hasStackTraceContaining("timestamp authority http://127.0.0.1:9/tsa cannot be reached");
    }
}
