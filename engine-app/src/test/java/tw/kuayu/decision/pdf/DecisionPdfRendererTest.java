package tw.kuayu.decision.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionPdfRendererTest {

    static byte[] pdf;
    static Path file;

    @BeforeAll
    static void render(@TempDir Path dir) throws Exception {
        pdf = new DecisionPdfRenderer(TestFonts.font()).render(Letters.longLetter());
        file = dir.resolve("letter.pdf");
        Files.write(file, pdf);
    }

    @Test
    void longLetterBreaksOntoTwoPagesWithPageNumbers() throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(2);
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("第 1 頁，共 2 頁").contains("第 2 頁，共 2 頁");
        }
    }

    @Test
    void pdfboxExtractsTheChineseText() throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains(Letters.AGENCY).contains("主旨").contains("說明").contains("依據")
                    .contains(Letters.APPLICANT).contains("A12****789")
                    .contains("中華民國115年11月27日").contains("北市稽財字第1150000123號")
                    .contains("資料來源").contains("內政部戶政司").contains("115/11/27 10:40:05")
                    .contains("處長").contains("會銜機關");
        }
    }

    @Test
    void popplerExtractsTheChineseText() {
        PdfTools.Result r = PdfTools.run("pdftotext", "-layout", file.toString(), "-");
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).contains(Letters.AGENCY).contains("主旨").contains("受文者")
                .contains(Letters.APPLICANT).contains("臺北市政府地政局");
    }

    @Test
    void fontIsEmbeddedAsSubset() {
        PdfTools.Result r = PdfTools.run("pdffonts", file.toString());
        assertThat(r.exitCode()).isZero();
        // name       type              encoding     emb sub uni
        // ABCDEF+UKaiTW CID TrueType  Identity-H   yes yes yes
        String line = r.output().lines().filter(l -> l.contains("UKaiTW")).findFirst().orElseThrow();
        assertThat(line).matches("[A-Z]{6}\\+UKaiTW\\s.*");
        assertThat(line).matches(".*\\byes\\s+yes\\s+yes\\s.*");
    }

    @Test
    void firstPageRendersToANonBlankImage() throws Exception {
        Path prefix = file.resolveSibling("page");
        PdfTools.Result r = PdfTools.run("pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png",
                file.toString(), prefix.toString());
        assertThat(r.exitCode()).isZero();
        Path png;
        try (var files = Files.list(file.getParent())) {
            png = files.filter(p -> p.getFileName().toString().startsWith("page")).findFirst().orElseThrow();
        }
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isBetween(405, 420); // A4 (595 pt) at 50 dpi = 413 px
        int dark = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y);
                int lum = ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
                if (lum < 128) {
                    dark++;
                }
            }
        }
        assertThat(dark).as("dark pixels on page 1").isGreaterThan(500);
    }

    /**
     * The title 臺北市稅捐稽徵處　函 (20 pt, centred, one em per character) rendered by poppler: every
     * CJK character's cell holds ink and the ideographic space between agency and 函 none, so the
     * glyphs themselves are drawn (not blanks for missing glyphs, not one smudge).
     */
    @Test
    void eachCjkCharacterOfTheTitleIsDrawn() throws Exception {
        int dpi = 100;
        Path prefix = file.resolveSibling("title");
        PdfTools.Result r = PdfTools.run("pdftoppm", "-r", Integer.toString(dpi), "-f", "1", "-l", "1", "-png",
                file.toString(), prefix.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        Path png;
        try (var files = Files.list(file.getParent())) {
            png = files.filter(p -> p.getFileName().toString().startsWith("title")).findFirst().orElseThrow();
        }
        BufferedImage image = ImageIO.read(png.toFile());
        String title = Letters.AGENCY + "　函";
        float em = 20;
        float x0 = (595.28f - title.length() * em) / 2;
        float baseline = 841.89f - 56 - 26;
        int[] ink = new int[title.length()];
        for (int c = 0; c < title.length(); c++) {
            ink[c] = dark(image, (x0 + c * em) * dpi / 72, (x0 + (c + 1) * em) * dpi / 72,
                    (841.89f - baseline - em) * dpi / 72, (841.89f - baseline + em * 0.25f) * dpi / 72);
        }
        for (int c = 0; c < title.length(); c++) {
            if (title.charAt(c) == '　') {
                assertThat(ink[c]).as("ideographic space, ink per cell " + Arrays.toString(ink)).isLessThan(5);
            } else {
                assertThat(ink[c]).as(title.charAt(c) + " drawn, ink per cell " + Arrays.toString(ink)).isGreaterThan(40);
            }
        }
    }

    private static int dark(BufferedImage image, float x1, float x2, float y1, float y2) {
        int count = 0;
        for (int x = Math.round(x1) + 1; x < Math.round(x2) - 1; x++) {
            for (int y = Math.max(0, Math.round(y1)); y < Math.min(image.getHeight(), Math.round(y2)); y++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3 < 160) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void qrCodeOnPageOneDecodesToTheVerificationUrl() throws Exception {
        Path prefix = file.resolveSibling("qr");
        PdfTools.Result r = PdfTools.run("pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png",
                file.toString(), prefix.toString());
        assertThat(r.exitCode()).isZero();
        Path png;
        try (var files = Files.list(file.getParent())) {
            png = files.filter(p -> p.getFileName().toString().startsWith("qr")).findFirst().orElseThrow();
        }
        BufferedImage image = ImageIO.read(png.toFile());
        // the top-right quarter of the page, where the QR code sits
        BufferedImage corner = image.getSubimage(image.getWidth() / 2, 0, image.getWidth() / 2, image.getHeight() / 4);
        int[] pixels = corner.getRGB(0, 0, corner.getWidth(), corner.getHeight(), null, 0, corner.getWidth());
        var source = new com.google.zxing.RGBLuminanceSource(corner.getWidth(), corner.getHeight(), pixels);
        var result = new com.google.zxing.qrcode.QRCodeReader().decode(
                new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(source)));
        assertThat(result.getText()).isEqualTo(Letters.longLetter().verificationUrl());
    }

    @Test
    void wrapsCjkByMeasuredWidth() throws Exception {
        {
            CjkLineBreaker b = new CjkLineBreaker(TestFonts.font(), 10);
            String text = "臺北市稅捐稽徵處核定台端土地按自用住宅用地稅率課徵地價稅，請查照。";
            List<String> lines = b.wrap(text, 100);
            assertThat(String.join("", lines)).isEqualTo(text);
            assertThat(lines).hasSizeGreaterThan(2);
            for (String line : lines) {
                String body = line.endsWith("，") || line.endsWith("。") ? line.substring(0, line.length() - 1) : line;
                assertThat(b.width(body)).isLessThanOrEqualTo(100f);
                assertThat(line).doesNotStartWith("，").doesNotStartWith("。");
            }
            assertThat(b.wrap("見 https://kuayu.example.gov.tw/verify/KY-115-000123 查驗", 1000)).hasSize(1);
        }
    }

    @Test
    void rocCalendarAndNumerals() {
        assertThat(DecisionPdfRenderer.rocDate(LocalDate.of(2026, 11, 27))).isEqualTo("中華民國115年11月27日");
        assertThat(DecisionPdfRenderer.chineseNumber(1)).isEqualTo("一");
        assertThat(DecisionPdfRenderer.chineseNumber(10)).isEqualTo("十");
        assertThat(DecisionPdfRenderer.chineseNumber(12)).isEqualTo("十二");
        assertThat(DecisionPdfRenderer.chineseNumber(21)).isEqualTo("二十一");
    }

    @Test
    void rendersConcurrentlyWithOneSharedFont() throws Exception {
        DecisionPdfRenderer renderer = new DecisionPdfRenderer(TestFonts.font());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> renderer.render(Letters.shortLetter())));
            }
            for (Future<byte[]> f : results) {
                try (PDDocument doc = Loader.loadPDF(f.get())) {
                    assertThat(new PDFTextStripper().getText(doc)).contains(Letters.AGENCY).contains("主旨");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesANationalIdInClear() {
        DecisionLetter l = Letters.shortLetter();
        assertThatThrownBy(() -> new DecisionLetter(l.issuingAgency(), l.documentNumber(), l.issueDate(),
                l.caseNumber(), l.applicantName(), "A123456789", l.subject(), l.details(), l.legalBasis(),
                l.evidence(), l.signingAgencies(), l.verificationUrl()))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("A123456789");
    }
}
