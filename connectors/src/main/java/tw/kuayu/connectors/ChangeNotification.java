package tw.kuayu.connectors;

import java.util.Map;
import java.util.Objects;

/**
 * A change a case made (通報), sent to an agency source that keeps related data, with the
 * applicant's consent. The source acknowledges it with a receipt.
 *
 * @param notificationId Kuayu's id of the notification; the source treats a second delivery with the
 *                       same id as the same notification (a retried job never notifies twice)
 * @param caseNo         the case that made the change
 * @param nationalId     whom the change concerns; never logged in clear
 * @param change         what changed, e.g. {@code residence-address}
 * @param data           the changed values, only the fields the case type lists for this notification
 * @param purpose        why the agency is told, in words an auditor understands
 * @param legalBasis     the statute or consent that allows it
 * @param requestedBy    the agency or account on whose behalf it is sent
 */
public record ChangeNotification(
        String notificationId,
        String caseNo,
        String nationalId,
        String change,
        Map<String, String> data,
        String purpose,
        String legalBasis,
        String requestedBy) {

    public ChangeNotification {
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(caseNo, "caseNo");
        Objects.requireNonNull(nationalId, "nationalId");
        Objects.requireNonNull(change, "change");
        data = data == null ? Map.of() : Map.copyOf(data);
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(legalBasis, "legalBasis");
    }
}
