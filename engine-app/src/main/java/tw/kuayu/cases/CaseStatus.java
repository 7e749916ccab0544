package tw.kuayu.cases;

/** Values of a case's {@code status}. */
public final class CaseStatus {

    /** Filed and moving through its process. */
    public static final String IN_PROGRESS = "in-progress";
    /** Closed with an approval decision (核定). */
    public static final String APPROVED = "approved";
    /** Closed with a rejection decision (駁回). */
    public static final String REJECTED = "rejected";

    private CaseStatus() {
    }
}
