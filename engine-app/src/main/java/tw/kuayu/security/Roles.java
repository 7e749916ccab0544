package tw.kuayu.security;

/** System-wide role groups in the engine's identity store. Agency roles are groups like {@code tpe-tax.approver}. */
public final class Roles {

    /** Managers: SLA dashboard, read-only access to every agency's cases. */
    public static final String MANAGERS = "managers";
    /** Auditors: the data-access log. */
    public static final String AUDITORS = "auditors";
    /** Process owners: deploy and migrate process models. */
    public static final String PROCESS_OWNERS = "process-owners";

    /** Evidence workers: separate connector processes that fetch evidence for external tasks (docs/connectors.md). */
    public static final String CONNECTOR_WORKERS = "connector-workers";

    public static final String AUTHORITY_PREFIX = "GROUP_";

    private Roles() {
    }

    public static String authority(String group) {
        return AUTHORITY_PREFIX + group;
    }
}
