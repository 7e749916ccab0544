package tw.kuayu.decision;

/** Values of a decision's {@code status}. */
public final class DecisionStatus {

    /** Signed by every signing agency and in force; the PDF is served. */
    public static final String ISSUED = "issued";
    /** Signed by the deciding agency, waiting for the co-signing agencies (會銜); not served yet. */
    public static final String CO_SIGNING = "co-signing";
    /** A co-signing draft a co-signer sent back: kept for audit, never served. */
    public static final String DISCARDED = "discarded";
    /** An issued decision the deciding agency revoked (撤銷): still served and signed, but no longer in force. */
    public static final String REVOKED = "revoked";

    private DecisionStatus() {
    }
}
