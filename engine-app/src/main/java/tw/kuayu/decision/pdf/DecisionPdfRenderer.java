package tw.kuayu.decision.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.zip.Deflater;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a {@link DecisionLetter} as an A4 official letter (函): agency header, 受文者, 發文日期 (ROC
 * calendar), 發文字號, 案號, then 主旨 / 說明 / 依據, the evidence relied on (資料來源), one signature
 * block per signing agency, a verification QR code on page 1 and 第 i 頁，共 N 頁 on every page.
 *
 * <p>Thread-safe: one instance can render many letters at once; the shared {@link DecisionFont}
 * guards its own file access.
 *
 * <p>The pages are written as content streams of the face's glyph ids ({@link ContentWriter}) with
 * widths from the shared font; the subset font is embedded once the glyphs are known
 * ({@link SubsetEmbedder}). So a letter costs no per-document font object of the whole face.
 *
 * <p>Characters the face lacks (rare characters outside the BMP such as 𠮷 in names and addresses) are
 * drawn with an optional fallback face, a second {@link DecisionFont} parsed once when the first letter
 * needs it; its subset is embedded only into letters that use it. A character in neither face is
 * printed as □ and logged with its code point.
 */
public final class DecisionPdfRenderer {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    private static final Logger log = LoggerFactory.getLogger(DecisionPdfRenderer.class);

    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN_X = 60;
    private static final float MARGIN_TOP = 56;
    private static final float MARGIN_BOTTOM = 64;
    private static final float FOOTER_Y = 32;
    private static final float QR_SIZE = 72;
    private static final float BODY = 13;
    private static final float SMALL = 9;
    private static final float LEADING = 1.45f;
    private static final String[] DIGITS = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

    private final DecisionFont decisionFont;
    /** The fallback face, or null if none is configured (or its file is missing); asked only for characters the face lacks. */
    private final Supplier<DecisionFont> fallbackFont;

    public DecisionPdfRenderer(DecisionFont decisionFont) {
        this(decisionFont, () -> null);
    }

    /** @param fallbackFont draws the characters {@code decisionFont} lacks; null: none */
    public DecisionPdfRenderer(DecisionFont decisionFont, DecisionFont fallbackFont) {
        this(decisionFont, () -> fallbackFont);
    }

    /**
     * @param fallbackFont gives the fallback face (e.g. a CNS 11643 Ext-B face) or null; called only once a letter
     *                     holds a character {@code decisionFont} lacks, so it may parse the font then (once)
     */
    public DecisionPdfRenderer(DecisionFont decisionFont, Supplier<DecisionFont> fallbackFont) {
        this.decisionFont = Objects.requireNonNull(decisionFont, "decisionFont");
        this.fallbackFont = Objects.requireNonNull(fallbackFont, "fallbackFont");
    }

    /** Renders the letter; returns the PDF bytes (unsigned). */
    public byte[] render(DecisionLetter letter) {
        Objects.requireNonNull(letter, "letter");
        try (PDDocument document = new PDDocument()) {
            SortedMap<Integer, Integer> used = new TreeMap<>();
            SortedMap<Integer, Integer> usedFallback = new TreeMap<>();
            Layout layout = new Layout(used, usedFallback);
            layout.write(letter);
            List<ContentWriter> pages = layout.finish();
            // the glyphs are known once the pages are written: embed just those, once for all pages
            COSDictionary fonts = new COSDictionary();
            fonts.setItem(ContentWriter.FONT, SubsetEmbedder.embed(document, decisionFont, used));
            if (!usedFallback.isEmpty()) {
                fonts.setItem(ContentWriter.FALLBACK_FONT, SubsetEmbedder.embed(document, layout.fallback, usedFallback));
            }
            for (ContentWriter content : pages) {
                PDPage page = new PDPage(PAGE);
                PDResources resources = new PDResources();
                resources.getCOSObject().setItem(COSName.FONT, fonts);
                page.setResources(resources);
                COSStream stream = document.getDocument().createCOSStream();
                SubsetEmbedder.deflate(stream, content.bytes(), Deflater.DEFAULT_COMPRESSION);
                page.getCOSObject().setItem(COSName.CONTENTS, stream);
                document.addPage(page);
            }
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(letter.issuingAgency() + " 函 " + letter.documentNumber());
            info.setSubject(letter.subject());
            info.setCreator("Kuayu 跨域");
            info.setCreationDate(GregorianCalendar.from(ZonedDateTime.now(TAIPEI)));
            document.getDocumentCatalog().setLanguage("zh-TW");
            ByteArrayOutputStream out = new ByteArrayOutputStream(128 * 1024);
            document.save(out);
            log.debug("Rendered decision {} for case {}: {} pages, {} bytes",
                    letter.documentNumber(), letter.caseNumber(), document.getNumberOfPages(), out.size());
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot render decision " + letter.documentNumber(), e);
        }
    }

    /** 中華民國115年11月27日 */
    public static String rocDate(LocalDate date) {
        return "中華民國" + (date.getYear() - 1911) + "年" + date.getMonthValue() + "月"
                + date.getDayOfMonth() + "日";
    }

    /** 115/11/27 */
    static String rocShortDate(LocalDate date) {
        return String.format("%d/%02d/%02d", date.getYear() - 1911, date.getMonthValue(), date.getDayOfMonth());
    }

    /** 115/11/27 18:40:05 in Asia/Taipei. */
    static String rocTaipeiTime(Instant instant) {
        ZonedDateTime t = instant.atZone(TAIPEI);
        return rocShortDate(t.toLocalDate())
                + String.format(" %02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
    }

    /** 一, 二, … 十, 十一, … 二十一, … 九十九 */
    static String chineseNumber(int n) {
        if (n < 1 || n > 99) {
            return Integer.toString(n);
        }
        if (n < 10) {
            return DIGITS[n];
        }
        return (n / 10 == 1 ? "" : DIGITS[n / 10]) + "十" + DIGITS[n % 10];
    }

    /** Page-by-page writer: a cursor that moves down and starts a new page when needed. */
    private final class Layout {
        private final SortedMap<Integer, Integer> used;
        private final SortedMap<Integer, Integer> usedFallback;
        private final List<ContentWriter> pages = new ArrayList<>();
        /** The fallback face once this letter holds a character the main face lacks; null until then (or if none). */
        private DecisionFont fallback;
        private ContentWriter cs;
        private float y;
        private final float left = MARGIN_X;
        private final float right = PAGE.getWidth() - MARGIN_X;

        Layout(SortedMap<Integer, Integer> used, SortedMap<Integer, Integer> usedFallback) {
            this.used = used;
            this.usedFallback = usedFallback;
            newPage();
        }

        void write(DecisionLetter l) throws IOException {
            drawQr(l.verificationUrl());
            String title = clean(l.issuingAgency()) + "　函";
            float titleSize = 20;
            float tw = breaker(titleSize).width(title);
            text((PAGE.getWidth() - tw) / 2, PAGE.getHeight() - MARGIN_TOP - 26, title, titleSize);
            y = PAGE.getHeight() - MARGIN_TOP - QR_SIZE - 22;

            labelled("受文者：", l.applicantName() + "（身分證統一編號：" + l.maskedNationalId() + "）", 12);
            labelled("發文日期：", rocDate(l.issueDate()), 12);
            labelled("發文字號：", l.documentNumber(), 12);
            labelled("案號：", l.caseNumber(), 12);
            gap(10);

            labelled("主旨：", l.subject(), BODY);
            gap(4);
            if (!l.details().isEmpty()) {
                labelled("說明：", "", BODY);
                for (int i = 0; i < l.details().size(); i++) {
                    hanging(left + BODY * 2, chineseNumber(i + 1) + "、", l.details().get(i), BODY);
                }
                gap(4);
            }
            if (!l.legalBasis().isBlank()) {
                labelled("依據：", l.legalBasis(), BODY);
                gap(4);
            }
            if (!l.evidence().isEmpty()) {
                evidence(l.evidence());
                gap(8);
            }
            signatures(l.signingAgencies());
            gap(6);
            hanging(left, "", "本函以電子簽章簽署，可掃描第1頁右上角QR Code或至 "
                    + l.verificationUrl() + " 查驗真偽。", 10);
        }

        // ---------- sections ----------

        private void labelled(String label, String value, float size) throws IOException {
            hanging(left, label, value, size);
        }

        /** Label at x, text wrapped with a hanging indent after the label. */
        private void hanging(float x, String label, String value, float size) throws IOException {
            CjkLineBreaker b = breaker(size);
            float labelWidth = b.width(label);
            List<String> lines = b.wrap(clean(value), right - x - labelWidth);
            float lh = size * LEADING;
            for (int i = 0; i < lines.size(); i++) {
                ensure(lh);
                y -= lh;
                String line = lines.get(i);
                if (i == 0 && !label.isEmpty()) {
                    // one run: the line starts where the label's advance widths end, exactly as if drawn apart
                    text(x, y, label + line, size);
                } else if (!line.isEmpty()) {
                    text(x + labelWidth, y, line, size);
                }
            }
        }

        private void evidence(List<DecisionLetter.Evidence> items) throws IOException {
            labelled("資料來源：", "本案依下列機關資料審查（免附書證謄本），時間為臺北時間，日期為民國紀年。", BODY);
            gap(4);
            float[] widths = {95, 140, 90, 62, 88};
            String[] header = {"來源機關", "資料內容", "查詢時間", "資料基準日", "SHA-256"};
            tableRow(widths, header, true, true);
            for (DecisionLetter.Evidence e : items) {
                String[] row = {e.sourceAgency(), e.description(), rocTaipeiTime(e.fetchedAt()),
                        rocShortDate(e.asOf()), e.sha256Prefix()};
                tableRow(widths, row, false, false);
            }
        }

        private void tableRow(float[] widths, String[] cells, boolean header, boolean keepWithNext)
                throws IOException {
            CjkLineBreaker b = breaker(SMALL);
            float pad = 3;
            float lh = SMALL * 1.35f;
            List<List<String>> wrapped = new ArrayList<>();
            int lines = 1;
            for (int i = 0; i < cells.length; i++) {
                List<String> w = b.wrap(clean(cells[i]), widths[i] - 2 * pad);
                wrapped.add(w);
                lines = Math.max(lines, w.size());
            }
            float height = lines * lh + 2 * pad;
            float needed = keepWithNext ? height * 2 : height;
            if (y - needed < MARGIN_BOTTOM) {
                newPage();
            }
            float x = left;
            float top = y;
            for (int i = 0; i < cells.length; i++) {
                if (header) {
                    cs.fillGray(0.9f);
                    cs.rect(x, top - height, widths[i], height);
                    cs.fill();
                    cs.fillGray(0f);
                }
                cs.lineWidth(0.5f);
                cs.rect(x, top - height, widths[i], height);
                cs.stroke();
                float ty = top - pad;
                for (String line : wrapped.get(i)) {
                    ty -= lh;
                    text(x + pad, ty + SMALL * 0.25f, line, SMALL);
                }
                x += widths[i];
            }
            y = top - height;
        }

        private void signatures(List<DecisionLetter.SigningAgency> agencies) throws IOException {
            float boxW = 250;
            float boxH = 58;
            if (agencies.size() > 1) {
                labelled("會銜機關：", "", BODY);
            }
            for (DecisionLetter.SigningAgency a : agencies) {
                ensure(boxH + 8);
                y -= 8;
                float x = right - boxW;
                cs.lineWidth(0.8f);
                cs.strokeRgb(0.6f, 0f, 0f);
                cs.rect(x, y - boxH, boxW, boxH);
                cs.stroke();
                cs.strokeGray(0f);
                CjkLineBreaker b = breaker(12);
                String name = fit(b, clean(a.agencyName()), boxW - 12);
                text(x + 6, y - 18, name, 12);
                text(x + 6, y - 36, clean(a.signerTitle()), 12);
                text(x + 6, y - 51, "（電子簽章，請以數位簽章驗證）", 8);
                y -= boxH;
            }
        }

        private String fit(CjkLineBreaker b, String s, float width) {
            List<String> lines = b.wrap(s, width);
            return lines.isEmpty() ? "" : lines.get(0) + (lines.size() > 1 ? "…" : "");
        }

        private void drawQr(String url) throws IOException {
            Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
            hints.put(EncodeHintType.MARGIN, 0);
            hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
            hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
            BitMatrix m;
            try {
                m = new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, 0, 0, hints);
            } catch (WriterException e) {
                throw new IllegalArgumentException("verification URL cannot be encoded as QR code", e);
            }
            float module = QR_SIZE / m.getWidth();
            float x0 = right - QR_SIZE;
            float top = PAGE.getHeight() - MARGIN_TOP;
            cs.fillGray(0f);
            for (int row = 0; row < m.getHeight(); row++) {
                int col = 0;
                while (col < m.getWidth()) {
                    if (!m.get(col, row)) {
                        col++;
                        continue;
                    }
                    int start = col;
                    while (col < m.getWidth() && m.get(col, row)) {
                        col++;
                    }
                    cs.rect(x0 + start * module, top - (row + 1) * module, (col - start) * module, module);
                }
            }
            cs.fill();
            float cw = breaker(7).width("掃描查驗");
            text(x0 + (QR_SIZE - cw) / 2, top - QR_SIZE - 9, "掃描查驗", 7);
        }

        // ---------- primitives ----------

        private void gap(float points) {
            y -= points;
        }

        private void ensure(float height) throws IOException {
            if (y - height < MARGIN_BOTTOM) {
                newPage();
            }
        }

        private void newPage() {
            cs = new ContentWriter(decisionFont, used, fallback, usedFallback);
            pages.add(cs);
            y = PAGE.getHeight() - MARGIN_TOP;
        }

        private void text(float x, float baseline, String s, float size) {
            cs.text(x, baseline, s, size);
        }

        private CjkLineBreaker breaker(float size) {
            // asked at each measurement: a breaker made before clean() met the letter's first fallback character measures it right
            return new CjkLineBreaker(decisionFont, () -> fallback, size);
        }

        /**
         * Keeps what the face or the fallback face can draw; a character neither has (some rare 罕用字) is
         * printed as □ and logged with its code point, so rendering never fails and never drops it unnoticed.
         */
        private String clean(String s) {
            StringBuilder sb = new StringBuilder(s.length());
            int missing = 0;
            StringBuilder missingCodePoints = new StringBuilder();
            int i = 0;
            while (i < s.length()) {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                if (cp == '\n') {
                    sb.append('\n');
                } else if (Character.isISOControl(cp)) {
                    sb.append(' ');
                } else if (decisionFont.canDisplay(cp)) {
                    sb.appendCodePoint(cp);
                } else if (fallback(cp)) {
                    sb.appendCodePoint(cp);
                } else {
                    sb.append('□');
                    missing++;
                    missingCodePoints.append(String.format(" U+%04X", cp));
                }
            }
            if (missing > 0) {
                DecisionFont other = fallbackFont.get();
                log.warn("{} character(s) in neither font {} nor the fallback {} were printed as □:{}", missing,
                        decisionFont.faceName(), other == null ? "(none: kuayu.pdf.fallback-font-path)" : other.faceName(),
                        missingCodePoints);
            }
            return sb.toString();
        }

        /**
         * Whether the fallback face draws {@code cp} (a character the main face lacks). The first time it does,
         * the pages write through it from then on; until then they show the main face only and measure with it.
         */
        private boolean fallback(int cp) {
            if (fallback != null) {
                return fallback.canDisplay(cp);
            }
            DecisionFont other = fallbackFont.get();
            if (other == null || !other.canDisplay(cp)) {
                return false;
            }
            fallback = other;
            for (ContentWriter page : pages) {
                page.useFallback(fallback, usedFallback);
            }
            return true;
        }

        /** The pages, each with its page number (第 i 頁，共 N 頁) now that their count is known. */
        List<ContentWriter> finish() {
            int total = pages.size();
            for (int i = 0; i < total; i++) {
                String label = "第 " + (i + 1) + " 頁，共 " + total + " 頁";
                float w = breaker(9).width(label);
                pages.get(i).text((PAGE.getWidth() - w) / 2, FOOTER_Y, label, 9);
            }
            return pages;
        }
    }
}
