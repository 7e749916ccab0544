package tw.kuayu.studio;

import java.util.List;
import tw.kuayu.web.ApiException;

/** The "why" a process owner gives for a deployment, retirement or migration (recorded, at most 1000 characters). */
public final class Reasons {

    public static final int MAX = 1000;

    private Reasons() {
    }

    /** The trimmed reason, or null when none was given. */
    public static String optional(String reason) {
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (why != null && why.length() > MAX) {
            throw ApiException.badRequest("原因（reason）請在 " + MAX + " 字以內。", List.of("reason"));
        }
        return why;
    }

    /** The trimmed reason; refused when missing, because this action must say why. */
    public static String required(String reason) {
        String why = optional(reason);
        if (why == null) {
            throw ApiException.badRequest("請填寫原因（reason），例如修正依據或公文文號；此原因會留存紀錄。", List.of("reason"));
        }
        return why;
    }
}
