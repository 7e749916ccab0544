package tw.kuayu.cases;

/** Values of a case's {@code status}. */
public final class CaseStatus {

    /** Filed and moving through its process. */
    public static final String IN_PROGRESS = "in-progress";
    /** Closed with an approval decision (核定). */
    public static final String APPROVED = "approved";
    /** Closed with a rejection decision (駁回). */
    public static final String REJECTED = "rejected";
    /** Closed without a decision because the applicant withdrew (撤回). */
    public static final String WITHDRAWN = "withdrawn";

    /** How a status reads to an applicant or a caseworker. */
    public static String label(String status) {
        return switch (status) {
            case IN_PROGRESS -> "處理中";
            case APPROVED -> "已核定";
            case REJECTED -> "已駁回";
            case WITHDRAWN -> "已撤回";
            default -> status;
        };
    }

    private CaseStatus() {
    }
}
