package tw.kuayu.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.impl.plugin.AdministratorAuthorizationPlugin;
import org.camunda.bpm.identity.impl.ldap.plugin.LdapIdentityProviderPlugin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With LDAP sign-in on ({@link LdapSignIn}), the engine itself reads users and groups from the same
 * directory (Camunda's identity LDAP plugin): the Tasklist, Cockpit and Admin webapps and {@code /engine-rest}
 * check the directory password, and the engine's authorizations and candidate groups see the directory's
 * groups. The engine's own user and group tables are then read-only and unused; authorizations stay in the
 * database and refer to group ids. Off with {@code kuayu.security.ldap.engine-identity=false}. Decision 031.
 */
@Configuration
@ConditionalOnProperty(name = {"kuayu.security.ldap.enabled", "kuayu.security.ldap.engine-identity"}, havingValue = "true")
public class LdapEngineIdentity {

    private static final Pattern ID_ATTRIBUTE = Pattern.compile("\\(\\s*([A-Za-z][\\w-]*)\\s*=\\s*\\{0}\\s*\\)");

    @Bean
    LdapIdentityProviderPlugin ldapIdentityProviderPlugin(
            org.springframework.boot.autoconfigure.ldap.LdapProperties connection, LdapProperties ldap,
            @Value("${kuayu.security.ldap.engine-group-id-attribute:cn}") String groupIdAttribute) {
        LdapIdentityProviderPlugin plugin = new LdapIdentityProviderPlugin();
        plugin.setServerUrl(String.join(" ", connection.getUrls()));
        plugin.setUseSsl(connection.getUrls()[0].startsWith("ldaps:"));
        plugin.setManagerDn(connection.getUsername() == null ? "" : connection.getUsername());
        plugin.setManagerPassword(connection.getPassword() == null ? "" : connection.getPassword());
        plugin.setBaseDn(connection.getBase());
        plugin.setUserSearchBase(ldap.userSearchBase());
        // an entry may list only its most specific class (inetOrgPerson) where the directory does not add the others
        plugin.setUserSearchFilter("(|(objectclass=person)(objectclass=inetOrgPerson))");
        plugin.setUserIdAttribute(userIdAttribute(ldap.userSearchFilter()));
        plugin.setUserFirstnameAttribute("cn");
        plugin.setUserLastnameAttribute("sn");
        plugin.setUserEmailAttribute("mail");
        plugin.setUserPasswordAttribute("userPassword");
        plugin.setGroupSearchBase(ldap.groupSearchBase());
        plugin.setGroupSearchFilter("(|(objectclass=groupOfNames)(objectclass=group))");
        // the plugin knows no group-mapping: the engine's group id is this attribute, which must hold Kuayu's id
        // (tpe-tax.approver) for candidate groups and authorizations to match; cn where the groups are named so
        plugin.setGroupIdAttribute(groupIdAttribute);
        plugin.setGroupNameAttribute("cn");
        plugin.setGroupMemberAttribute("member");
        // who may see which users and groups is not a secret among staff; the engine's authorizations still
        // decide what anyone may do with processes and tasks
        plugin.setAuthorizationCheckEnabled(false);
        plugin.setSortControlSupported(false);
        return plugin;
    }

    /** The directory group whose members hold every engine permission (Camunda Admin). */
    @Bean
    AdministratorAuthorizationPlugin ldapAdministrators(@Value("${kuayu.security.ldap.admin-group:camunda-admin}") String group) {
        AdministratorAuthorizationPlugin plugin = new AdministratorAuthorizationPlugin();
        plugin.setAdministratorGroupName(group);
        return plugin;
    }

    /** The attribute a sign-in name is matched against: {@code (uid={0})} is {@code uid}, AD's {@code (&(objectClass=user)(sAMAccountName={0}))} that. */
    static String userIdAttribute(String userSearchFilter) {
        Matcher m = ID_ATTRIBUTE.matcher(userSearchFilter.trim());
        return m.find() ? m.group(1) : "uid";
    }
}
