package tw.kuayu.security;

/** System-wide role groups in the engine's identity store. Agency roles are groups like {@code tpe-tax.approver}. */
public final class Roles {

    /** City-wide managers: SLA dashboard and reports over every agency, read-only access to every agency's cases. */
    public static final String MANAGERS = "managers";
    /** Auditors: the data-access log. */
    public static final String AUDITORS = "auditors";
    /** Process owners: deploy and migrate process models. */
    public static final String PROCESS_OWNERS = "process-owners";

    /** Evidence workers: separate connector processes that fetch evidence for external tasks (docs/connectors.md). */
    public static final String CONNECTOR_WORKERS = "connector-workers";

    public static final String AUTHORITY_PREFIX = "GROUP_";

    /**
     * An agency's manager role ({@code tpe-udd.manager}): the SLA dashboard and reports limited to
     * that agency's cases and steps (tw.kuayu.sla.SlaScope).
     */
    public static final String AGENCY_MANAGER = "manager";

    /** Whether these authorities open the SLA reports: the city-wide {@link #MANAGERS} or any agency's manager role. */
    public static boolean readsSlaReports(java.util.Collection<String> authorities) {
        return authorities.stream().anyMatch(a -> a.equals(authority(MANAGERS))
                || (a.startsWith(AUTHORITY_PREFIX) && a.endsWith("." + AGENCY_MANAGER)));
    }

    private Roles() {
    }

    public static String authority(String group) {
        return AUTHORITY_PREFIX + group;
    }
}
