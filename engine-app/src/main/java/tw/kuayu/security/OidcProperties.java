package tw.kuayu.security;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code kuayu.security.oidc.*}: signing in to the pages through an OpenID Connect provider (an agency's
 * single sign-on: Keycloak, Microsoft Entra ID, ...) and accepting its access tokens as bearer tokens on
 * {@code /api/**}, next to the form login and HTTP Basic that stay as they are. docs/decisions/031.
 *
 * @param enabled       switch it on (off by default)
 * @param issuerUri     the provider's issuer; its {@code /.well-known/openid-configuration} is read at start
 * @param clientId      Kuayu's client id at the provider
 * @param clientSecret  Kuayu's client secret (from the environment, never in git)
 * @param scopes        scopes asked for at sign-in
 * @param audience      the {@code aud} a bearer token must carry; Kuayu's client id when empty
 * @param userNameClaim the claim that is the user id (task assignee, audit log); {@code sub} where it is missing
 * @param agencyClaim   the claim naming the user's agency (a string or a list)
 * @param groupsClaim   the claim listing the user's role groups ({@code tpe-tax.approver}, {@code managers}, ...)
 * @param groupMapping  a claim value to Kuayu's group id where they differ (e.g. an agency code {@code 379100000G: tpe-tax});
 *                      a value without an entry is taken as the group id itself
 */
@ConfigurationProperties("kuayu.security.oidc")
public record OidcProperties(boolean enabled, String issuerUri, String clientId, String clientSecret, List<String> scopes,
                             String audience, String userNameClaim, String agencyClaim, String groupsClaim,
                             Map<String, String> groupMapping) {

    public OidcProperties {
        scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "profile") : List.copyOf(scopes);
        audience = audience == null || audience.isBlank() ? clientId : audience;
        userNameClaim = userNameClaim == null || userNameClaim.isBlank() ? "preferred_username" : userNameClaim;
        agencyClaim = agencyClaim == null || agencyClaim.isBlank() ? "agency" : agencyClaim;
        groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim;
        groupMapping = groupMapping == null ? Map.of() : Map.copyOf(groupMapping);
    }

    /** Kuayu's group id for a claim value. */
    public String groupId(String claimValue) {
        return groupMapping.getOrDefault(claimValue, claimValue);
    }
}
