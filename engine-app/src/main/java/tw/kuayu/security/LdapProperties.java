package tw.kuayu.security;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code kuayu.security.ldap.*}: signing in against an LDAP directory or Active Directory instead
 * of the engine's identity store. The connection itself is Spring Boot's {@code spring.ldap.urls},
 * {@code spring.ldap.base}, {@code spring.ldap.username} and {@code spring.ldap.password}.
 *
 * @param enabled            switch from the engine's identity store to the directory
 * @param userSearchBase     where accounts live, relative to {@code spring.ldap.base} (e.g. {@code ou=people})
 * @param userSearchFilter   how a sign-in name finds its entry: {@code (uid={0})}; Active Directory {@code (sAMAccountName={0})}
 * @param groupSearchBase    where groups live (e.g. {@code ou=groups})
 * @param groupSearchFilter  groups of a user, {0} being the user's DN: {@code (member={0})}
 * @param groupMapping       a directory group's cn to Kuayu's group id, where they differ
 *                           (e.g. {@code 稅捐處承辦人: tpe-tax}); a cn without an entry is taken as the id itself
 */
@ConfigurationProperties("kuayu.security.ldap")
public record LdapProperties(boolean enabled, String userSearchBase, String userSearchFilter, String groupSearchBase,
                             String groupSearchFilter, Map<String, String> groupMapping) {

    public LdapProperties {
        userSearchBase = userSearchBase == null ? "" : userSearchBase;
        userSearchFilter = userSearchFilter == null ? "(uid={0})" : userSearchFilter;
        groupSearchBase = groupSearchBase == null ? "" : groupSearchBase;
        groupSearchFilter = groupSearchFilter == null ? "(member={0})" : groupSearchFilter;
        groupMapping = groupMapping == null ? Map.of() : Map.copyOf(groupMapping);
    }

    /** Kuayu's group id for a directory group. */
    public String groupId(String cn) {
        return groupMapping.getOrDefault(cn, cn);
    }
}
