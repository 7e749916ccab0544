package tw.kuayu.connectors;

import java.time.Instant;

/**
 * A source's answer to a {@link ChangeNotification}.
 *
 * @param source         the connector's source key
 * @param receiptNo      the source's own reference for the notification (收文號)
 * @param acknowledged   true when the source has taken the change over (受理); false when it only queued it
 * @param acknowledgedAt when the source says it acknowledged it; null while not acknowledged
 */
public record NotificationReceipt(String source, String receiptNo, boolean acknowledged, Instant acknowledgedAt) {
}
