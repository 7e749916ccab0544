package tw.kuayu.connectors;

/**
 * One agency source behind one interface. Implementations translate Kuayu's request into the
 * source's own protocol and format, and its answer back into an {@link EvidenceRecord}.
 * They must be thread-safe.
 */
public interface AgencyConnector {

    /** The source key used in case-type configuration, e.g. {@code household} or {@code land}. */
    String source();

    /**
     * Fetches one record.
     *
     * @throws ConnectorException when the source cannot answer (down, timeout, closed, bad answer)
     *                            or refuses the request; "no record" is not an exception
     */
    EvidenceRecord fetch(EvidenceRequest request);

    /**
     * A cheap call that asks whether the source answers now; looks up nobody. Used to resume cases
     * waiting on the source without an operator.
     *
     * @throws ConnectorException when the source is down, closed or refuses the check
     */
    default void probe() {
    }

    /**
     * Tells the source about a change a case made (通報). Delivering the same notification id twice
     * must not notify twice: the source answers the first receipt again.
     *
     * @throws ConnectorException when the source cannot take it now (retryable) or does not accept
     *                            notifications / refuses this one (REFUSED)
     */
    default NotificationReceipt notify(ChangeNotification notification) {
        throw new ConnectorException(source(), ConnectorException.Kind.REFUSED,
                "資料來源 " + source() + " 不接受異動通報，請確認案件類型的通報設定");
    }
}
