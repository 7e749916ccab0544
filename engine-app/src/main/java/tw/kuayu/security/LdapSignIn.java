package tw.kuayu.security;

import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.ldap.core.support.BaseLdapPathContextSource;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.ldap.authentication.BindAuthenticator;
import org.springframework.security.ldap.authentication.LdapAuthenticationProvider;
import org.springframework.security.ldap.search.FilterBasedLdapUserSearch;
import org.springframework.security.ldap.userdetails.DefaultLdapAuthoritiesPopulator;

/**
 * With {@code kuayu.security.ldap.enabled=true}, Kuayu's API and pages authenticate by binding to the
 * directory as the user, and the user's directory groups become Kuayu's groups ({@code cn=tpe-tax,ou=groups}
 * is the agency {@code tpe-tax}; {@code cn=tpe-tax.approver} its approvers), so worklists and case access
 * work unchanged. The engine's identity store is then not asked. docs/decisions/015-ldap.md.
 */
@Configuration
@EnableConfigurationProperties(LdapProperties.class)
@ConditionalOnProperty(name = "kuayu.security.ldap.enabled", havingValue = "true")
public class LdapSignIn {

    @Bean
    LdapAuthenticationProvider ldapAuthenticationProvider(BaseLdapPathContextSource directory, LdapProperties ldap) {
        BindAuthenticator bind = new BindAuthenticator(directory);
        bind.setUserSearch(new FilterBasedLdapUserSearch(ldap.userSearchBase(), ldap.userSearchFilter(), directory));
        DefaultLdapAuthoritiesPopulator groups = new DefaultLdapAuthoritiesPopulator(directory, ldap.groupSearchBase());
        groups.setGroupSearchFilter(ldap.groupSearchFilter());
        groups.setSearchSubtree(true);
        groups.setIgnorePartialResultException(true); // Active Directory's referrals
        groups.setAuthorityMapper((Map<String, List<String>> record) ->
                new SimpleGrantedAuthority(Roles.authority(ldap.groupId(record.get("cn").get(0)))));
        LdapAuthenticationProvider provider = new LdapAuthenticationProvider(bind, groups);
        provider.setHideUserNotFoundExceptions(true);
        return provider;
    }
}
