package tw.kuayu.security;

import java.util.Set;
import java.util.stream.Collectors;
import tw.kuayu.casetype.Catalog;

/**
 * The signed-in user and the groups they belong to: agency groups ({@code tpe-tax}), agency role
 * groups ({@code tpe-tax.approver}) and system role groups ({@link Roles}).
 */
public record CurrentUser(String id, Set<String> groups) {

    public CurrentUser {
        groups = Set.copyOf(groups);
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }

    public boolean inAnyGroup(java.util.Collection<String> candidates) {
        return candidates.stream().anyMatch(groups::contains);
    }

    /** The agencies the user works for, judged by the catalog of agencies. */
    public Set<String> agencies(Catalog catalog) {
        return groups.stream().map(Catalog::agencyOfGroup).filter(catalog::isAgency).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The agencies the user may act for (file, withdraw, answer corrections): those of
     * {@link #agencies}, except where the only tie is the agency's read-only manager role.
     */
    public Set<String> actingAgencies(Catalog catalog) {
        return groups.stream().filter(g -> !g.endsWith("." + Roles.AGENCY_MANAGER)).map(Catalog::agencyOfGroup)
                .filter(catalog::isAgency).collect(Collectors.toUnmodifiableSet());
    }

    /** Managers see every agency's cases, read only. */
    public boolean isManager() {
        return groups.contains(Roles.MANAGERS);
    }
}
