package tw.kuayu.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;

/** How providers' claim shapes become Kuayu's groups, and the directory attribute the engine takes as user id. */
class OidcGroupsTest {

    final OidcGroups groups = new OidcGroups(new OidcProperties(true, "https://sso.example", "kuayu", "s", null, null, null,
            null, "roles", Map.of("379100000G", "tpe-tax")));

    List<String> of(Map<String, Object> claims) {
        return groups.authorities(claims).stream().map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void agencyAndGroupsClaimsAsStringsOrListsMappedWhereConfigured() {
        assertThat(of(Map.of("agency", "379100000G", "roles", List.of("tpe-tax.approver", "managers"))))
                .containsExactlyInAnyOrder("GROUP_tpe-tax", "GROUP_tpe-tax.approver", "GROUP_managers");
        assertThat(of(Map.of("agency", List.of("tpe-udd"), "roles", "auditors"))).containsExactlyInAnyOrder("GROUP_tpe-udd", "GROUP_auditors");
        assertThat(of(Map.of("agency", 42, "roles", List.of(7, " ", "tpe-land")))).as("odd values are no group").containsExactly("GROUP_tpe-land");
        assertThat(of(Map.of("sub", "x"))).isEmpty();
    }

    @Test
    void theUserIdIsTheConfiguredClaimOrTheSubject() {
        assertThat(groups.userName(Map.of("sub", "8f2c", "preferred_username", "chen.clerk"))).isEqualTo("chen.clerk");
        assertThat(groups.userName(Map.of("sub", "8f2c"))).isEqualTo("8f2c");
        assertThat(new OidcProperties(true, "i", "kuayu", "s", null, null, null, null, null, null).audience())
                .as("the client id is the default audience").isEqualTo("kuayu");
    }

    @Test
    void theEngineTakesTheSignInFiltersAttributeAsUserId() {
        assertThat(LdapEngineIdentity.userIdAttribute("(uid={0})")).isEqualTo("uid");
        assertThat(LdapEngineIdentity.userIdAttribute("(sAMAccountName={0})")).isEqualTo("sAMAccountName");
        assertThat(LdapEngineIdentity.userIdAttribute("(&(objectClass=user)(sAMAccountName={0}))")).isEqualTo("sAMAccountName");
        assertThat(LdapEngineIdentity.userIdAttribute("(objectClass=person)")).as("no {0}: the usual uid").isEqualTo("uid");
    }
}
