package tw.kuayu.decision.pdf;

import java.nio.charset.StandardCharsets;
import java.util.SortedMap;

/**
 * A page's content stream for a decision letter, written as PDF operators. Text is shown in the
 * letter's font ({@value #FONT} in the page resources) by the face's glyph ids (Identity-H), and
 * every glyph shown is noted in the document's {@code used} map, from which the subset font and its
 * ToUnicode map are built ({@link SubsetEmbedder}). Characters the main face has no glyph for are
 * shown in the fallback face ({@value #FALLBACK_FONT}) by its glyph ids, noted in {@code usedFallback},
 * so a letter that needs no fallback glyph references (and embeds) no fallback font.
 */
final class ContentWriter {

    static final String FONT = "F1";
    static final String FALLBACK_FONT = "F2";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder ops = new StringBuilder(16 * 1024);
    private final DecisionFont font;
    private final SortedMap<Integer, Integer> used;
    private DecisionFont fallback;
    private SortedMap<Integer, Integer> usedFallback;

    ContentWriter(DecisionFont font, SortedMap<Integer, Integer> used) {
        this(font, used, null, null);
    }

    /** @param fallback draws what {@code font} lacks, its glyphs noted in {@code usedFallback}; null: none */
    ContentWriter(DecisionFont font, SortedMap<Integer, Integer> used, DecisionFont fallback,
                  SortedMap<Integer, Integer> usedFallback) {
        this.font = font;
        this.used = used;
        this.fallback = fallback;
        this.usedFallback = usedFallback;
    }

    /** From now on, shows what the main face lacks in {@code fallback}, noting its glyphs in {@code usedFallback}. */
    void useFallback(DecisionFont fallback, SortedMap<Integer, Integer> usedFallback) {
        this.fallback = fallback;
        this.usedFallback = usedFallback;
    }

    /** {@code text} with its baseline starting at (x, y). */
    void text(float x, float y, String text, float size) {
        ops.append("BT\n");
        number(x).append(' ');
        number(y).append(" Td\n");
        if (fallback == null) {
            show(FONT, font, used, text, size);
        } else {
            // each Tj advances the text position by the widths of its glyphs, so runs follow each other
            for (CjkLineBreaker.FontRun run : CjkLineBreaker.FontRun.split(text, font)) {
                if (run.fallback()) {
                    show(FALLBACK_FONT, fallback, usedFallback, run.text(), size);
                } else {
                    show(FONT, font, used, run.text(), size);
                }
            }
        }
        ops.append("ET\n");
    }

    private void show(String resource, DecisionFont face, SortedMap<Integer, Integer> glyphs, String text, float size) {
        ops.append('/').append(resource).append(' ');
        number(size).append(" Tf\n<");
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int gid = face.glyphId(cp);
            glyphs.putIfAbsent(gid, cp);
            ops.append(HEX[gid >> 12 & 0xf]).append(HEX[gid >> 8 & 0xf]).append(HEX[gid >> 4 & 0xf]).append(HEX[gid & 0xf]);
        }
        ops.append("> Tj\n");
    }

    void rect(float x, float y, float width, float height) {
        number(x).append(' ');
        number(y).append(' ');
        number(width).append(' ');
        number(height).append(" re\n");
    }

    void fill() {
        ops.append("f\n");
    }

    void stroke() {
        ops.append("S\n");
    }

    void lineWidth(float width) {
        number(width).append(" w\n");
    }

    void fillGray(float gray) {
        number(gray).append(" g\n");
    }

    void strokeGray(float gray) {
        number(gray).append(" G\n");
    }

    void strokeRgb(float r, float g, float b) {
        number(r).append(' ');
        number(g).append(' ');
        number(b).append(" RG\n");
    }

    byte[] bytes() {
        return ops.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A PDF number with at most four decimals, no exponent, no trailing zeros. */
    private StringBuilder number(float value) {
        long scaled = Math.round(value * 10_000.0);
        if (scaled < 0) {
            ops.append('-');
            scaled = -scaled;
        }
        ops.append(scaled / 10_000);
        long fraction = scaled % 10_000;
        if (fraction != 0) {
            int digits = 4;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            ops.append('.');
            String f = Long.toString(fraction);
            for (int i = f.length(); i < digits; i++) {
                ops.append('0');
            }
            ops.append(f);
        }
        return ops;
    }
}
