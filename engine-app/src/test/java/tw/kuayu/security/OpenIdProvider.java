package tw.kuayu.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID Connect provider in the test's JVM: Spring Authorization Server on a random port of
 * {@code 127.0.0.1} (Kuayu runs on {@code localhost}, so the browser keeps the two sites' cookies apart),
 * with Kuayu registered as a confidential client and a few agency staff whose tokens carry the
 * {@code agency} and {@code groups} claims the way an agency's SSO would. Password {@code secret} for all.
 */
final class OpenIdProvider implements AutoCloseable {

    static final String CLIENT_ID = "kuayu";
    static final String CLIENT_SECRET = "kuayu-test-secret";
    static final String PASSWORD = "secret";

    /** Who the provider knows and what it says about them; {@code null} agency = no agency claim. */
    record Person(String username, String agency, List<String> groups) {
    }

    static final List<Person> PEOPLE = List.of(
            new Person("sso.tax.clerk", "tpe-tax", List.of()),
            new Person("sso.tax.chief", "379100000G", List.of("tpe-tax.approver")), // agency code, mapped in the test
            new Person("sso.udd.clerk", "tpe-udd", List.of()),
            new Person("sso.stranger", null, List.of()));

    private final ConfigurableApplicationContext context;
    private final RSAKey key;

    private OpenIdProvider(ConfigurableApplicationContext context, RSAKey key) {
        this.context = context;
        this.key = key;
    }

    static OpenIdProvider start() {
        RSAKey key = rsaKey();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Provider.class)
                .web(WebApplicationType.SERVLET)
                .initializers(c -> c.getBeanFactory().registerSingleton("providerKey", key))
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                        "spring.config.location=optional:classpath:/no-such-config/", "spring.jmx.enabled=false",
                        "server.servlet.session.cookie.name=PROVIDERSESSION")
                .run();
        return new OpenIdProvider(context, key);
    }

    int port() {
        return ((ServletWebServerApplicationContext) context).getWebServer().getPort();
    }

    String issuer() {
        return "http://127.0.0.1:" + port();
    }

    /** Kuayu's redirect URI, known once Kuayu has its port. */
    void allowRedirect(String redirectUri) {
        InMemoryRegisteredClientRepository clients = context.getBean(InMemoryRegisteredClientRepository.class);
        RegisteredClient current = clients.findByClientId(CLIENT_ID);
        clients.save(RegisteredClient.from(current).redirectUri(redirectUri).build());
    }

    /** A token signed with the provider's own key, for claims the provider would never issue (expired, foreign). */
    String sign(Consumer<JwtClaimsSet.Builder> claims) {
        JwtClaimsSet.Builder builder = JwtClaimsSet.builder().issuer(issuer()).subject("sso.tax.clerk")
                .audience(List.of(CLIENT_ID)).issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300))
                .claim("preferred_username", "sso.tax.clerk").claim("agency", "tpe-tax");
        claims.accept(builder);
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build(),
                builder.build())).getTokenValue();
    }

    @Override
    public void close() {
        context.close();
    }

    private static RSAKey rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // a test configuration, so Kuayu's own test contexts, which scan this package, leave it out
    @TestConfiguration(proxyBeanMethods = false)
    @EnableWebSecurity
    @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
            SecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class})
    static class Provider {

        @Bean
        @Order(1)
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
            http.securityMatcher(server.getEndpointsMatcher())
                    .with(server, s -> s.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                            new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
            return http.build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain signIn(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(a -> a.anyRequest().authenticated()).formLogin(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        UserDetailsService people() {
            return new InMemoryUserDetailsManager(PEOPLE.stream()
                    .map(p -> User.withUsername(p.username()).password("{noop}" + PASSWORD).roles("STAFF").build()).toList());
        }

        @Bean
        InMemoryRegisteredClientRepository clients() {
            return new InMemoryRegisteredClientRepository(RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(CLIENT_ID).clientSecret("{noop}" + CLIENT_SECRET)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                    .redirectUri("http://127.0.0.1/unused")
                    .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE)
                    .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
                    .build());
        }

        @Bean
        JWKSource<SecurityContext> keys(RSAKey providerKey) {
            return new ImmutableJWKSet<>(new JWKSet(providerKey));
        }

        /** The provider's own check of its tokens (its user-info endpoint). */
        @Bean
        org.springframework.security.oauth2.jwt.JwtDecoder providerTokens(JWKSource<SecurityContext> keys) {
            return org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration
                    .OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
        }

        @Bean
        AuthorizationServerSettings settings() {
            return AuthorizationServerSettings.builder().build();
        }

        /** The agency and role groups in both the ID token (pages) and the access token (API), as an agency's SSO is set up to. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> staffClaims() {
            return context -> PEOPLE.stream().filter(p -> p.username().equals(context.getPrincipal().getName())).findFirst()
                    .ifPresent(p -> {
                        context.getClaims().claim("preferred_username", p.username());
                        if (p.agency() != null) {
                            context.getClaims().claim("agency", p.agency());
                        }
                        if (!p.groups().isEmpty()) {
                            context.getClaims().claim("groups", p.groups());
                        }
                    });
        }
    }

}
