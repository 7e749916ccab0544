package tw.kuayu.decision.pdf;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Breaks text into lines by measured width. CJK text has no spaces, so every Han character (and
 * CJK punctuation) is a break opportunity; runs of Latin letters and digits (document numbers,
 * URLs, hashes) are kept together unless a run alone is wider than the line. Closing punctuation
 * (，。、；：）」 …) never starts a line: it hangs into the margin instead (行尾懸掛).
 */
final class CjkLineBreaker {

    private static final String NO_LINE_START = "，。、；：！？）」』〕】》〉,.;:!?)]}%";

    private final DecisionFont font;
    private final Supplier<DecisionFont> fallback;
    private final float fontSize;

    CjkLineBreaker(DecisionFont font, float fontSize) {
        this(font, () -> null, fontSize);
    }

    /**
     * @param fallback measures the characters {@code font} has no glyph for, asked at each measurement (a letter
     *                 takes up the fallback face at its first such character); null: {@code font} only
     */
    CjkLineBreaker(DecisionFont font, Supplier<DecisionFont> fallback, float fontSize) {
        this.font = font;
        this.fallback = fallback;
        this.fontSize = fontSize;
    }

    /** Measured from each face's advance widths, read once for every document. */
    float width(String text) {
        DecisionFont other = fallback.get();
        if (other == null) {
            return font.width(text, fontSize);
        }
        float width = 0;
        for (FontRun run : FontRun.split(text, font)) {
            width += (run.fallback() ? other : font).width(run.text(), fontSize);
        }
        return width;
    }

    /** A stretch of text drawn with one face: the main one, or the fallback for characters the main one lacks. */
    record FontRun(String text, boolean fallback) {

        /** Splits where "the main face has a glyph for this code point" changes. */
        static List<FontRun> split(String text, DecisionFont main) {
            List<FontRun> runs = new ArrayList<>();
            StringBuilder run = new StringBuilder();
            boolean runFallback = false;
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                i += Character.charCount(cp);
                boolean fallback = !main.canDisplay(cp);
                if (run.length() > 0 && fallback != runFallback) {
                    runs.add(new FontRun(run.toString(), runFallback));
                    run.setLength(0);
                }
                runFallback = fallback;
                run.appendCodePoint(cp);
            }
            if (run.length() > 0) {
                runs.add(new FontRun(run.toString(), runFallback));
            }
            return runs;
        }
    }

    /** Lines of at most {@code maxWidth} points (closing punctuation may hang past it). */
    List<String> wrap(String text, float maxWidth) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            wrapParagraph(paragraph, maxWidth, lines);
        }
        return lines;
    }

    private void wrapParagraph(String paragraph, float maxWidth, List<String> lines) {
        StringBuilder line = new StringBuilder();
        float lineWidth = 0;
        for (String token : tokens(paragraph)) {
            boolean space = token.isBlank();
            if (space && line.length() == 0) {
                continue;
            }
            float w = width(token);
            if (lineWidth + w <= maxWidth) {
                line.append(token);
                lineWidth += w;
                continue;
            }
            if (space) {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
                lineWidth = 0;
                continue;
            }
            if (line.length() > 0 && NO_LINE_START.indexOf(token.charAt(0)) >= 0 && token.length() == 1) {
                line.append(token); // hanging punctuation
                lineWidth += w;
                continue;
            }
            if (line.length() > 0) {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
                lineWidth = 0;
            }
            if (w <= maxWidth) {
                line.append(token);
                lineWidth = w;
            } else {
                // a single run wider than the line (long URL or hash): split by character
                int i = 0;
                while (i < token.length()) {
                    int cp = token.codePointAt(i);
                    String ch = new String(Character.toChars(cp));
                    float cw = width(ch);
                    if (lineWidth + cw > maxWidth && line.length() > 0) {
                        lines.add(line.toString());
                        line.setLength(0);
                        lineWidth = 0;
                    }
                    line.append(ch);
                    lineWidth += cw;
                    i += Character.charCount(cp);
                }
            }
        }
        lines.add(line.toString().stripTrailing());
    }

    /** CJK characters one by one, Latin runs together, whitespace runs as one token. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp)) {
                flush(run, tokens);
                tokens.add(" ");
            } else if (isCjk(cp)) {
                flush(run, tokens);
                tokens.add(new String(Character.toChars(cp)));
            } else if (NO_LINE_START.indexOf(cp) >= 0 && run.length() > 0) {
                run.appendCodePoint(cp);
                flush(run, tokens);
            } else {
                run.appendCodePoint(cp);
            }
        }
        flush(run, tokens);
        return tokens;
    }

    private static void flush(StringBuilder run, List<String> tokens) {
        if (run.length() > 0) {
            tokens.add(run.toString());
            run.setLength(0);
        }
    }

    static boolean isCjk(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN
                || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA
                || script == Character.UnicodeScript.BOPOMOFO
                || (cp >= 0x3000 && cp <= 0x303F) // CJK symbols and punctuation
                || (cp >= 0xFF00 && cp <= 0xFFEF) // full-width forms
                || (cp >= 0x2E80 && cp <= 0x2FDF);
    }
}
