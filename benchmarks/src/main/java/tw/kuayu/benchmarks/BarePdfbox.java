package tw.kuayu.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Calendar;
import java.util.List;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The baseline: a bare PDFBox 3 program. Two A4 pages of Chinese text in the Kai font (parsed once,
 * subset-embedded per document), saved, then one detached CMS signature (SHA256withRSA, 2048-bit
 * key, BouncyCastle's default signed attributes) as an incremental update. No template, QR code,
 * line breaking by measured width, DocMDP or PAdES attributes.
 */
final class BarePdfbox implements AutoCloseable {

    private static final int CHARS_PER_LINE = 37;
    private static final int LINES_PER_PAGE = 38;

    private final TrueTypeCollection collection;
    private final TrueTypeFont font;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String text;
    private final BouncyCastleProvider bc = new BouncyCastleProvider();

    BarePdfbox(Path fontFile, String face, PrivateKey key, X509Certificate certificate, String text) throws IOException {
        this.collection = new TrueTypeCollection(fontFile.toFile());
        this.font = collection.getFontByName(face);
        if (font == null) {
            throw new IllegalStateException("no face " + face + " in " + fontFile);
        }
        this.key = key;
        this.certificate = certificate;
        this.text = text;
    }

    byte[] signedDocument() throws Exception {
        return sign(twoPages());
    }

    byte[] twoPages() throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDType0Font f = PDType0Font.load(doc, font, true);
            int at = 0;
            for (int page = 0; page < 2; page++) {
                PDPage p = new PDPage(PDRectangle.A4);
                doc.addPage(p);
                try (PDPageContentStream cs = new PDPageContentStream(doc, p)) {
                    cs.beginText();
                    cs.setFont(f, 12);
                    cs.setLeading(18);
                    cs.newLineAtOffset(72, 842 - 72);
                    for (int line = 0; line < LINES_PER_PAGE; line++) {
                        int end = Math.min(at + CHARS_PER_LINE, text.length());
                        cs.showText(text.substring(at, end));
                        cs.newLine();
                        at = end == text.length() ? 0 : end;
                    }
                    cs.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    private byte[] sign(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf); SignatureOptions options = new SignatureOptions()) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
            signature.setName("bare");
            signature.setSignDate(Calendar.getInstance());
            doc.addSignature(signature, options);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExternalSigningSupport external = doc.saveIncrementalForExternalSigning(out);
            byte[] content;
            try (InputStream in = external.getContent()) {
                content = in.readAllBytes();
            }
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(bc).build())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(bc).build(key), certificate));
            generator.addCertificates(new JcaCertStore(List.of(certificate)));
            external.setSignature(generator.generate(new CMSProcessableByteArray(content), false).getEncoded());
            return out.toByteArray();
        }
    }

    @Override
    public void close() throws IOException {
        collection.close();
    }
}
