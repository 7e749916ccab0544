package tw.kuayu.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A provider's claims as Kuayu's groups: the agency claim and the groups claim, each value translated by
 * {@code group-mapping}, become {@code GROUP_<id>} authorities, exactly as the engine's identity store and
 * the directory give them (decision 003), so worklists, case access and role rules work unchanged.
 */
final class OidcGroups {

    private final OidcProperties oidc;

    OidcGroups(OidcProperties oidc) {
        this.oidc = oidc;
    }

    Set<GrantedAuthority> authorities(Map<String, Object> claims) {
        Set<GrantedAuthority> authorities = new LinkedHashSet<>();
        for (String claim : new String[] {oidc.agencyClaim(), oidc.groupsClaim()}) {
            for (String value : values(claims.get(claim))) {
                authorities.add(new SimpleGrantedAuthority(Roles.authority(oidc.groupId(value))));
            }
        }
        return authorities;
    }

    /** The user id: the configured claim, or the subject where the provider does not send it. */
    String userName(Map<String, Object> claims) {
        Object name = claims.get(oidc.userNameClaim());
        return name instanceof String s && !s.isBlank() ? s : String.valueOf(claims.get("sub"));
    }

    String userNameClaim(Map<String, Object> claims) {
        return claims.get(oidc.userNameClaim()) instanceof String s && !s.isBlank() ? oidc.userNameClaim() : "sub";
    }

    /** A claim may be a single string or a list of strings (providers differ); anything else is no group. */
    private static Set<String> values(Object claim) {
        Set<String> values = new LinkedHashSet<>();
        if (claim instanceof String s && !s.isBlank()) {
            values.add(s.trim());
        } else if (claim instanceof Collection<?> list) {
            list.stream().filter(v -> v instanceof String s && !s.isBlank()).map(v -> ((String) v).trim()).forEach(values::add);
        }
        return values;
    }
}
