package tw.kuayu.web;

/**
 * What free text Kuayu stores. Any script, 4-byte characters such as 𡘙 and emoji, quotes, brackets
 * and {@code ${...}} are kept verbatim (they are data: queries are parameterized, pages escape,
 * nothing is evaluated). Refused: NUL and other control characters (line breaks only where a text may
 * have lines), bidirectional overrides that make text display differently from what it is
 * ("Trojan Source"), and broken UTF-16 (a lone surrogate). Applicants' names are held to letters.
 */
public final class TextRules {

    private TextRules() {
    }

    /** {@code null} if the text may be stored, else what is wrong with it (zh-TW). */
    public static String problem(String text, boolean multiline) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isSurrogate((char) c) && c < Character.MIN_SUPPLEMENTARY_CODE_POINT) {
                return "含有不完整的字元編碼";
            }
            if (Character.getType(c) == Character.CONTROL && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
                return multiline ? "不可含有控制字元" : "不可含有換行或控制字元";
            }
            if (c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069) {
                return "不可含有改變文字方向的控制字元";
            }
        }
        return null;
    }

    /**
     * {@code null} if the text is a plausible personal name: letters of any script (including CJK
     * extension characters outside the BMP such as 𡘙), combining marks, spaces and the separators
     * of indigenous and foreign names (· ‧ . - ' ’).
     */
    public static String nameProblem(String name) {
        String problem = problem(name, false);
        if (problem != null) {
            return problem;
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            boolean mark = type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
            if (!Character.isLetter(c) && !Character.isIdeographic(c) && !mark && " ·‧.-'’".indexOf(c) < 0) {
                return "只可含文字及姓名分隔符號（· ‧ . - '），不可含「" + new String(Character.toChars(c)) + "」";
            }
        }
        return null;
    }
}
