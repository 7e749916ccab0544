package tw.kuayu.decision.pdf;

import java.nio.charset.StandardCharsets;
import java.util.SortedMap;

/**
 * A page's content stream for a decision letter, written as PDF operators. Text is shown in the
 * letter's one font ({@value #FONT} in the page resources) by the face's glyph ids (Identity-H), and
 * every glyph shown is noted in the document's {@code used} map, from which the subset font and its
 * ToUnicode map are built ({@link SubsetEmbedder}).
 */
final class ContentWriter {

    static final String FONT = "F1";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder ops = new StringBuilder(16 * 1024);
    private final DecisionFont font;
    private final SortedMap<Integer, Integer> used;

    ContentWriter(DecisionFont font, SortedMap<Integer, Integer> used) {
        this.font = font;
        this.used = used;
    }

    /** {@code text} with its baseline starting at (x, y). */
    void text(float x, float y, String text, float size) {
        ops.append("BT\n/").append(FONT).append(' ');
        number(size).append(" Tf\n");
        number(x).append(' ');
        number(y).append(" Td\n<");
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int gid = font.glyphId(cp);
            used.putIfAbsent(gid, cp);
            ops.append(HEX[gid >> 12 & 0xf]).append(HEX[gid >> 8 & 0xf]).append(HEX[gid >> 4 & 0xf]).append(HEX[gid & 0xf]);
        }
        ops.append("> Tj\nET\n");
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
