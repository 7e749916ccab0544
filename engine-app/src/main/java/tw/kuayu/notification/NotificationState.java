package tw.kuayu.notification;

import java.util.Map;

/** States of a notification (通報) and their zh-TW labels. */
public final class NotificationState {

    /** Created, or waiting for the engine's next retry after a failed attempt. */
    public static final String PENDING = "pending";
    /** Delivered or on its way; the source has not acknowledged it yet. */
    public static final String SENT = "sent";
    /** The source acknowledged it (受理) with a receipt number. */
    public static final String ACKNOWLEDGED = "acknowledged";
    /** Retries ran out or the source refused it: an incident waits for an operator. */
    public static final String FAILED = "failed";
    /** Not sent, and why (no consent, no connection to the source, nothing to notify). */
    public static final String WITHHELD = "withheld";

    public static final Map<String, String> LABELS = Map.of(PENDING, "待通報", SENT, "已送出待受理", ACKNOWLEDGED, "已受理",
            FAILED, "通報失敗", WITHHELD, "未通報");

    private NotificationState() {
    }
}
