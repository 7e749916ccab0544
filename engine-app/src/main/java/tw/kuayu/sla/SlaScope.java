package tw.kuayu.sla;

import java.util.Set;
import java.util.TreeSet;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.security.Roles;
import tw.kuayu.web.ApiException;

/**
 * Which agencies' figures a manager sees. The city-wide role ({@code managers}) sees every agency
 * ({@code agencies} is null). An agency manager ({@code tpe-udd.manager}) sees the cases their agency
 * owns, in case reports (summary, trend, overdue), and in step reports (steps, bottlenecks) the
 * steps of those cases plus the steps their agency did on other agencies' cases.
 */
public record SlaScope(Set<String> agencies) {

    static final SlaScope CITY_WIDE = new SlaScope(null);

    public SlaScope {
        agencies = agencies == null ? null : Set.copyOf(agencies);
    }

    static SlaScope of(CurrentUser user, Catalog catalog) {
        if (user.isManager()) {
            return CITY_WIDE;
        }
        Set<String> agencies = new TreeSet<>();
        for (String group : user.groups()) {
            if (group.endsWith("." + Roles.AGENCY_MANAGER) && catalog.isAgency(Catalog.agencyOfGroup(group))) {
                agencies.add(Catalog.agencyOfGroup(group));
            }
        }
        if (agencies.isEmpty()) {
            throw ApiException.forbidden("您的帳號不是主管，或主管角色未對應任何機關，無法查看處理時限報表。");
        }
        return new SlaScope(agencies);
    }

    public boolean cityWide() {
        return agencies == null;
    }

    public boolean covers(String agency) {
        return agencies == null || agencies.contains(agency);
    }

    /** A case report filtered by an owning agency outside the scope is refused rather than answered empty. */
    void requireOwnerAgency(String agency, Catalog catalog) {
        if (agency != null && !covers(agency)) {
            throw ApiException.forbidden("您只能查看本機關（" + String.join("、", agencies.stream().sorted()
                    .map(a -> catalog.isAgency(a) ? catalog.agency(a).name() : a).toList()) + "）主辦案件的統計。");
        }
    }
}
