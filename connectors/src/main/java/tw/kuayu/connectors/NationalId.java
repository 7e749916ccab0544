package tw.kuayu.connectors;

import java.util.regex.Pattern;

/**
 * Taiwan national ID number (身分證統一編號): one letter for the place of first registration, a sex
 * digit (1 or 2), seven digits and a check digit. Also accepts the new-format resident certificate
 * numbers (居留證) whose second character is 8 or 9.
 */
public final class NationalId {

    private static final Pattern SHAPE = Pattern.compile("[A-Z][1289][0-9]{8}");
    /** Letter codes A..Z in the official order (I, O, W, Z... do not follow the alphabet). */
    private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO";

    private NationalId() {
    }

    public static boolean isValid(String id) {
        if (id == null || !SHAPE.matcher(id).matches()) {
            return false;
        }
        int code = LETTERS.indexOf(id.charAt(0)) + 10;
        int sum = code / 10 + (code % 10) * 9;
        for (int i = 1; i < 9; i++) {
            sum += (id.charAt(i) - '0') * (9 - i);
        }
        sum += id.charAt(9) - '0';
        return sum % 10 == 0;
    }

    /** The form shown on pages and written to logs: {@code A12****789}. */
    public static String mask(String id) {
        if (id == null || id.length() < 6) {
            return "****";
        }
        return id.substring(0, 3) + "****" + id.substring(id.length() - 3);
    }
}
