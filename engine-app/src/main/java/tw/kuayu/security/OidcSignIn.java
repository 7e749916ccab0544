package tw.kuayu.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * With {@code kuayu.security.oidc.enabled=true}: the pages offer sign-in through the agency's OpenID
 * provider next to the login form, and {@code /api/**} accepts the provider's access tokens
 * ({@code Authorization: Bearer}) next to HTTP Basic. The provider's agency and groups claims become
 * Kuayu's groups ({@link OidcGroups}). Session fixation protection, CSRF and headers are those of the
 * chains it is added to ({@link SecurityConfig}). docs/decisions/031-openid-connect-and-ldap-webapps.md.
 */
@Configuration
@EnableConfigurationProperties(OidcProperties.class)
@ConditionalOnProperty(name = "kuayu.security.oidc.enabled", havingValue = "true")
public class OidcSignIn {

    /** The registration id: the sign-in link is {@code /oauth2/authorization/oidc}, the redirect {@code /login/oauth2/code/oidc}. */
    public static final String REGISTRATION = "oidc";

    private final OidcProperties oidc;
    private final OidcGroups groups;

    public OidcSignIn(OidcProperties oidc) {
        this.oidc = oidc;
        this.groups = new OidcGroups(oidc);
    }

    /** Read from the provider's discovery document at start, so a wrong issuer fails the start, not the first sign-in. */
    @Bean
    ClientRegistrationRepository oidcClientRegistrations() {
        ClientRegistration registration = ClientRegistrations.fromIssuerLocation(oidc.issuerUri())
                .registrationId(REGISTRATION)
                .clientId(oidc.clientId())
                .clientSecret(oidc.clientSecret())
                .scope(oidc.scopes())
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .build();
        return new InMemoryClientRegistrationRepository(registration);
    }

    /** The provider's signature keys (looked up from its issuer), its issuer, the token's lifetime and Kuayu as audience. */
    @Bean
    JwtDecoder oidcJwtDecoder() {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(oidc.issuerUri()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(oidc.issuerUri()),
                (Jwt jwt) -> jwt.getAudience() != null && jwt.getAudience().contains(oidc.audience())
                        ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token is not for Kuayu", null))));
        return decoder;
    }

    void api(HttpSecurity http, ObjectMapper json) throws Exception {
        http.oauth2ResourceServer(rs -> rs
                .jwt(jwt -> jwt.decoder(oidcJwtDecoder()).jwtAuthenticationConverter(
                        token -> new JwtAuthenticationToken(token, groups.authorities(token.getClaims()), groups.userName(token.getClaims()))))
                .authenticationEntryPoint((req, res, e) -> {
                    res.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                    SecurityConfig.writeProblem(res, json, HttpStatus.UNAUTHORIZED, "未登入",
                            "存取權杖無效、已過期或不是發給本系統的，請重新登入機關單一簽入後再試。", false);
                }));
    }

    void pages(HttpSecurity http) throws Exception {
        http.oauth2Login(login -> login
                .loginPage("/login")
                .failureUrl("/login?sso-error")
                .defaultSuccessUrl("/", false)
                .userInfoEndpoint(user -> user.oidcUserService(users())));
        // Signing out also ends the provider's session (RP-initiated logout): at a shared counter PC the next
        // person must not be signed in as the last one by clicking the sign-on link. Form-login users are unaffected.
        OidcClientInitiatedLogoutSuccessHandler logout = new OidcClientInitiatedLogoutSuccessHandler(oidcClientRegistrations());
        logout.setPostLogoutRedirectUri("{baseUrl}/login?logout");
        logout.setDefaultTargetUrl("/login?logout");
        http.logout(l -> l.logoutSuccessHandler(logout));
    }

    private OAuth2UserService<OidcUserRequest, OidcUser> users() {
        OidcUserService provider = new OidcUserService();
        return request -> {
            OidcUser user = provider.loadUser(request);
            return new DefaultOidcUser(groups.authorities(user.getClaims()), user.getIdToken(), user.getUserInfo(),
                    groups.userNameClaim(user.getClaims()));
        };
    }

    /**
     * Signed in; and someone signed in through the provider must belong to at least one Kuayu group (an
     * agency or a system role): a token without an agency claim is a valid person of the provider but
     * nobody at Kuayu, so {@code 403} rather than an empty worklist.
     */
    static AuthorizationManager<RequestAuthorizationContext> signedIn() {
        return (Supplier<Authentication> authentication, RequestAuthorizationContext context) -> {
            Authentication auth = authentication.get();
            if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
                return new AuthorizationDecision(false);
            }
            boolean fromProvider = auth instanceof JwtAuthenticationToken || auth instanceof OAuth2AuthenticationToken;
            return new AuthorizationDecision(!fromProvider || auth.getAuthorities().stream()
                    .anyMatch(a -> a.getAuthority().startsWith(Roles.AUTHORITY_PREFIX)));
        };
    }
}
