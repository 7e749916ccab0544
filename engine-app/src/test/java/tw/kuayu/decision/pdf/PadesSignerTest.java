package tw.kuayu.decision.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PadesSignerTest {

    static final Instant SIGNED_AT = Instant.parse("2026-11-27T03:00:00Z");

    @TempDir
    static Path dir;

    static DemoPki pki;
    static AgencyCredential tax;
    static AgencyCredential land;
    static PdfSignatureVerifier verifier;
    static PadesSigner signer;
    static byte[] unsigned;
    static byte[] signedOnce;
    static byte[] signedTwice;

    @BeforeAll
    static void signLetter() {
        pki = new DemoPki(dir.resolve("pki"), "demo-only".toCharArray());
        tax = pki.credential("TPE-TAX", "臺北市稅捐稽徵處");
        land = pki.credential("TPE-LAND", "臺北市政府地政局");
        verifier = new PdfSignatureVerifier(DemoPki.readPem(pki.rootCertificatePem()));
        signer = new PadesSigner(Clock.fixed(SIGNED_AT, ZoneOffset.UTC), "臺北市");
        unsigned = new DecisionPdfRenderer(TestFonts.font()).render(Letters.longLetter());
        signedOnce = signer.sign(unsigned, tax, "核定");
        signedTwice = signer.sign(signedOnce, land, "會銜");
    }

    @Test
    void reservesTheSpaceTheCredentialsSignatureNeedsNotAFixed16Kb() throws Exception {
        int reserved = signer.reservation(tax);
        assertThat(reserved).isLessThan(PadesSigner.SIGNATURE_SIZE / 2);
        try (PDDocument doc = Loader.loadPDF(signedOnce)) {
            PDSignature s = doc.getSignatureDictionaries().get(0);
            byte[] cms = s.getContents(signedOnce);
            assertThat(cms.length).isLessThanOrEqualTo(reserved);
            int[] range = s.getByteRange();
            assertThat(range[2] - range[1]).as("hex digits and <>").isEqualTo(2 * reserved + 2);
        }
    }

    @Test
    void oneSignatureIsValidInOurVerifier() {
        PdfVerification v = verifier.verify(signedOnce);
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.modifiedAfterSigning()).isFalse();
        assertThat(v.signatures()).hasSize(1);
        SignatureCheck s = v.signatures().get(0);
        assertThat(s.signerCommonName()).isEqualTo("臺北市稅捐稽徵處");
        assertThat(s.fieldName()).isEqualTo("Signature1");
        assertThat(s.agencyCode()).isEqualTo("TPE-TAX");
        assertThat(s.signingTime()).isEqualTo(SIGNED_AT);
        assertThat(s.subFilter()).isEqualTo("ETSI.CAdES.detached");
        assertThat(s.cryptographicallyValid()).isTrue();
        assertThat(s.trusted()).isTrue();
        assertThat(s.coversWholeDocument()).isTrue();
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void firstSignatureIsACertificationWithDocMdpP2() throws Exception {
        assertThat(verifier.verify(signedOnce).signatures().get(0).docMdpPermission()).isEqualTo(2);
        try (PDDocument doc = Loader.loadPDF(signedOnce)) {
            assertThat(PadesSigner.docMdpPermission(doc)).isEqualTo(2);
            PDSignature sig = doc.getSignatureDictionaries().get(0);
            assertThat(sig.getName()).isEqualTo("臺北市稅捐稽徵處");
            assertThat(sig.getReason()).isEqualTo("核定");
            assertThat(sig.getLocation()).isEqualTo("臺北市");
            assertThat(sig.getCOSObject().getCOSName(COSName.SUB_FILTER).getName()).isEqualTo("ETSI.CAdES.detached");
        }
    }

    @Test
    void cmsHasThePadesSignedAttributes() throws Exception {
        try (PDDocument doc = Loader.loadPDF(signedOnce)) {
            PDSignature sig = doc.getSignatureDictionaries().get(0);
            CMSSignedData cms = new CMSSignedData(sig.getContents(signedOnce));
            SignerInformation si = cms.getSignerInfos().getSigners().iterator().next();
            assertThat(si.getDigestAlgOID()).isEqualTo("2.16.840.1.101.3.4.2.1"); // SHA-256
            AttributeTable attrs = si.getSignedAttributes();
            assertThat(attrs.get(CMSAttributes.contentType)).isNotNull();
            assertThat(attrs.get(CMSAttributes.messageDigest)).isNotNull();
            assertThat(attrs.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2)).isNotNull();
            assertThat(attrs.get(CMSAttributes.signingTime)).as("PAdES: no CMS signing-time").isNull();
            assertThat(cms.isDetachedSignature()).isTrue();
        }
    }

    @Test
    void oneSignatureIsValidForPopplerAndQpdf() throws Exception {
        Path file = dir.resolve("signed-once.pdf");
        Files.write(file, signedOnce);
        PdfTools.Result sig = PdfTools.run("pdfsig", file.toString());
        assertThat(sig.output()).contains("Signature #1").doesNotContain("Signature #2");
        assertThat(sig.output()).contains("Signature is Valid");
        assertThat(sig.output()).contains("Total document signed");
        PdfTools.Result check = PdfTools.run("qpdf", "--check", file.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("No syntax or stream encoding errors found");
    }

    @Test
    void coSigningAddsAnIncrementalApprovalSignatureAndBothStayValid() {
        // incremental: the first signed revision is kept byte for byte
        assertThat(Arrays.copyOf(signedTwice, signedOnce.length)).isEqualTo(signedOnce);
        PdfVerification v = verifier.verify(signedTwice);
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.signatures()).extracting(SignatureCheck::signerCommonName)
                .containsExactly("臺北市稅捐稽徵處", "臺北市政府地政局");
        assertThat(v.signatures()).allMatch(SignatureCheck::cryptographicallyValid).allMatch(SignatureCheck::trusted);
        assertThat(v.signatures().get(0).certification()).isTrue();
        assertThat(v.signatures().get(0).coversWholeDocument()).isFalse();
        assertThat(v.signatures().get(1).certification()).isFalse();
        assertThat(v.signatures().get(1).docMdpPermission()).isNull();
        assertThat(v.signatures().get(1).coversWholeDocument()).isTrue();
        assertThat(v.signatures().get(0).signedRevisionLength()).isEqualTo(signedOnce.length);
        assertThat(v.signatures().get(1).signedRevisionLength()).isEqualTo(signedTwice.length);
        assertThat(v.problems()).isEmpty();
    }

    @Test
    void coSignedDocumentIsValidForPopplerAndQpdf() throws Exception {
        Path file = dir.resolve("signed-twice.pdf");
        Files.write(file, signedTwice);
        PdfTools.Result sig = PdfTools.run("pdfsig", file.toString());
        assertThat(sig.output()).contains("Signature #1").contains("Signature #2").doesNotContain("Signature #3");
        assertThat(sig.output().split("Signature is Valid", -1)).as(sig.output()).hasSize(3);
        PdfTools.Result check = PdfTools.run("qpdf", "--check", file.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void flippedByteInsideTheSignedRangeInvalidatesTheSignature() throws Exception {
        int[] range;
        try (PDDocument doc = Loader.loadPDF(signedOnce)) {
            range = doc.getSignatureDictionaries().get(0).getByteRange();
        }
        // a byte in the middle of the first signed part (page content)
        byte[] tampered = signedOnce.clone();
        int at = range[1] / 2;
        tampered[at] ^= 0x01;
        PdfVerification v = verifier.verify(tampered);
        assertThat(v.valid()).isFalse();
        assertThat(v.signatures()).hasSize(1);
        assertThat(v.signatures().get(0).cryptographicallyValid()).isFalse();

        // a byte in the second signed part, right after the signature value (here: the /ByteRange
        // numbers themselves, which must not let a forged range through)
        byte[] tampered2 = signedOnce.clone();
        tampered2[range[2] + 20] ^= 0x01;
        PdfVerification v2 = verifier.verify(tampered2);
        assertThat(v2.valid()).isFalse();
        assertThat(v2.signatures()).noneMatch(SignatureCheck::cryptographicallyValid);
    }

    @Test
    void flippedByteInTheFirstRevisionInvalidatesOnlyTheFirstOfTwoSignatures() throws Exception {
        byte[] tampered = signedTwice.clone();
        // inside the PDF header's binary comment line: covered by both signatures, not structural
        tampered[11] ^= 0x01;
        PdfVerification v = verifier.verify(tampered);
        assertThat(v.valid()).isFalse();
        assertThat(v.signatures()).hasSize(2);
        assertThat(v.signatures()).noneMatch(SignatureCheck::cryptographicallyValid);
    }

    @Test
    void appendedBytesAreReportedAsModifiedAfterSigning() {
        byte[] appended = Arrays.copyOf(signedOnce, signedOnce.length + 20);
        byte[] extra = "\n% appended later\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(extra, 0, appended, signedOnce.length, extra.length);
        PdfVerification v = verifier.verify(appended);
        assertThat(v.modifiedAfterSigning()).isTrue();
        assertThat(v.valid()).isFalse();
        assertThat(v.signatures().get(0).cryptographicallyValid()).isTrue();
    }

    @Test
    void pageAddedAfterSigningIsReportedAsModifiedAfterSigning() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument doc = Loader.loadPDF(signedTwice)) {
            doc.addPage(new PDPage());
            doc.getPages().getCOSObject().setNeedToBeUpdated(true);
            doc.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(out);
        }
        byte[] modified = out.toByteArray();
        try (PDDocument doc = Loader.loadPDF(modified)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(3);
        }
        PdfVerification v = verifier.verify(modified);
        assertThat(v.modifiedAfterSigning()).isTrue();
        assertThat(v.valid()).isFalse();
        assertThat(v.signatures()).hasSize(2).allMatch(SignatureCheck::cryptographicallyValid).allMatch(SignatureCheck::trusted);
        assertThat(v.signatures().get(1).coversWholeDocument()).isFalse();
        assertThat(v.problems()).containsExactly(
                "pages were changed after signature 1 (only form fill-in and further signatures are allowed)",
                "the document was changed after the last signature",
                "1 page(s) added after the last signature: the signed document has 2 page(s), the file 3 (page 3 not signed)");
    }

    @Test
    void changedPageContentAfterSigningIsNamed() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument doc = Loader.loadPDF(signedOnce)) {
            PDPage first = doc.getPage(0);
            try (var cs = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, first,
                    org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode.APPEND, false)) {
                cs.addRect(100, 100, 50, 50);
                cs.fill();
            }
            first.getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(out);
        }
        PdfVerification v = verifier.verify(out.toByteArray());
        assertThat(v.modifiedAfterSigning()).isTrue();
        assertThat(v.valid()).isFalse();
        assertThat(v.problems()).contains("page(s) [1] changed after the last signature");
    }

    @Test
    void pageAddedBetweenTwoSignaturesMakesTheDocumentInvalid() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument doc = Loader.loadPDF(signedOnce)) {
            doc.addPage(new PDPage());
            doc.getPages().getCOSObject().setNeedToBeUpdated(true);
            doc.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(out);
        }
        byte[] coSignedAfterChange = signer.sign(out.toByteArray(), land, "會銜");
        PdfVerification v = verifier.verify(coSignedAfterChange);
        assertThat(v.signatures()).hasSize(2).allMatch(SignatureCheck::valid);
        assertThat(v.modifiedAfterSigning()).isFalse();
        assertThat(v.valid()).isFalse();
        assertThat(v.problems()).anyMatch(p -> p.contains("pages were changed after signature 1"));
    }

    @Test
    void certificateFromAnotherCaIsUntrusted() {
        DemoPki other = new DemoPki(dir.resolve("other-pki"), "x".toCharArray());
        AgencyCredential rogue = other.credential("TPE-TAX", "臺北市稅捐稽徵處");
        byte[] signed = signer.sign(unsigned, rogue, "核定");
        PdfVerification v = verifier.verify(signed);
        assertThat(v.valid()).isFalse();
        SignatureCheck s = v.signatures().get(0);
        assertThat(s.cryptographicallyValid()).isTrue();
        assertThat(s.trusted()).isFalse();
        assertThat(s.problems()).anyMatch(p -> p.contains("trusted root"));
        // the same document is trusted by a verifier that trusts the other CA
        assertThat(new PdfSignatureVerifier(List.of(other.rootCertificate())).verify(signed).valid()).isTrue();
    }

    @Test
    void unsignedDocumentIsNotValid() {
        PdfVerification v = verifier.verify(unsigned);
        assertThat(v.valid()).isFalse();
        assertThat(v.signatures()).isEmpty();
        assertThat(v.problems()).contains("the document has no signatures");
        assertThat(verifier.verify("not a pdf".getBytes(StandardCharsets.US_ASCII)).valid()).isFalse();
    }

    @Test
    void signingDoesNotChangeTheInput() {
        byte[] copy = unsigned.clone();
        signer.sign(copy, tax, "核定");
        assertThat(copy).isEqualTo(unsigned);
        assertThatThrownBy(() -> signer.sign(null, tax, "x")).isInstanceOf(NullPointerException.class);
    }
}
