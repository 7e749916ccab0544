package tw.kuayu.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tw.kuayu.web.ProblemHandler;

/**
 * Four doors, each with its own lock:
 * <ul>
 *   <li>{@code /api/**}: Kuayu's API, HTTP Basic, stateless, problem-details 401/403; Kuayu's own pages may call it
 *       with their sign-in session and the CSRF token ({@link PageSessionContext}); with OpenID Connect on, also
 *       the provider's bearer tokens ({@link OidcSignIn});</li>
 *   <li>{@code /engine-rest/**}: Camunda's REST API, authenticated by Camunda's own filter (HTTP Basic
 *       against the identity store) so that the engine's authorizations apply to every call;</li>
 *   <li>{@code /camunda/**}: the Tasklist, Cockpit and Admin webapps with their own login and CSRF protection;</li>
 *   <li>everything else: Kuayu's pages with form login (and the OpenID provider's sign-in when configured).</li>
 * </ul>
 */
@Configuration
public class SecurityConfig {

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ObjectMapper json, ObjectProvider<OidcSignIn> oidc,
                            @Value("${kuayu.api.retry-after}") Duration retryAfter) throws Exception {
        http.securityMatcher(path("/api/**"))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.POST, "/api/decisions/verify").permitAll()
                        .requestMatchers("/api/public/**").permitAll()
                        .requestMatchers("/api/audit/**").hasAuthority(Roles.authority(Roles.AUDITORS))
                        .requestMatchers("/api/sla/**").access(slaReaders())
                        .requestMatchers(HttpMethod.GET, "/api/processes").hasAnyAuthority(
                                Roles.authority(Roles.PROCESS_OWNERS), Roles.authority(Roles.MANAGERS))
                        .requestMatchers("/api/processes/**").hasAuthority(Roles.authority(Roles.PROCESS_OWNERS))
                        .requestMatchers("/api/evidence-worker/**").hasAuthority(Roles.authority(Roles.CONNECTOR_WORKERS))
                        .requestMatchers("/api/forms", "/api/forms/**").hasAuthority(Roles.authority(Roles.PROCESS_OWNERS))
                        .requestMatchers("/api/mail-outbox", "/api/mail-outbox/**").hasAnyAuthority(
                                Roles.authority(Groups.CAMUNDA_ADMIN), Roles.authority(Roles.MANAGERS))
                        .anyRequest().access(OidcSignIn.signedIn()))
                .httpBasic(basic -> basic.authenticationEntryPoint((req, res, e) -> {
                    if (e instanceof IdentityStoreBusyException) {
                        writeBusy(res, json, retryAfter);
                    } else {
                        writeProblem(res, json, HttpStatus.UNAUTHORIZED, "未登入", "請以機關帳號登入（HTTP Basic），帳號或密碼錯誤時請重新輸入。",
                                challenge(req));
                    }
                }))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((req, res, e) ->
                                writeProblem(res, json, HttpStatus.UNAUTHORIZED, "未登入", "請以機關帳號登入（HTTP Basic）。", challenge(req)))
                        .accessDeniedHandler((req, res, e) -> writeProblem(res, json, HttpStatus.FORBIDDEN, "無權限",
                                e instanceof CsrfException ? "頁面已逾時或來源不明，請重新整理頁面後再試。" : "您的帳號沒有執行此操作的權限。", false)))
                .headers(PageHeaders.with(PageHeaders.API_POLICY))
                .securityContext(context -> context.securityContextRepository(PageSessionContext.repository()))
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(PageSessionContext.csrfRequired()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (oidc.getIfAvailable() != null) { // bearer tokens of the OpenID provider, kuayu.security.oidc (decision 031)
            oidc.getObject().api(http, json);
        }
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain engineRest(HttpSecurity http) throws Exception {
        // Authentication and authorization are done by Camunda's filter below and the engine itself.
        http.securityMatcher(path("/engine-rest/**"))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain camundaWebapps(HttpSecurity http) throws Exception {
        // The webapps authenticate against the same identity store and carry their own CSRF filter.
        http.securityMatcher(path("/camunda/**"))
                // Admin's "create the first admin" setup is open to anyone while camunda-admin has no member (every
                // production start): the first admin comes from camunda.bpm.admin-user instead (decision 032)
                .authorizeHttpRequests(auth -> auth.requestMatchers(path("/camunda/api/admin/setup/**")).denyAll()
                        .anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .headers(h -> h.frameOptions(f -> f.sameOrigin()));
        return http.build();
    }

    @Bean
    @Order(4)
    SecurityFilterChain pages(HttpSecurity http, ObjectProvider<OidcSignIn> oidc) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/**").hasAuthority(Roles.authority(Roles.MANAGERS))
                        .requestMatchers("/sla", "/sla/**").access(slaReaders())
                        .requestMatchers("/login", "/error", "/favicon.ico", "/verify", "/status", "/js/**").permitAll()
                        .requestMatchers("/studio", "/studio/**").hasAuthority(Roles.authority(Roles.PROCESS_OWNERS))
                        .anyRequest().access(OidcSignIn.signedIn()))
                .headers(PageHeaders.with(PageHeaders.PAGE_POLICY))
                // CSRF protection (Spring's default) covers the login form too; the session id changes at sign-in
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false))
                .httpBasic(Customizer.withDefaults())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"));
        if (oidc.getIfAvailable() != null) { // sign-in through the OpenID provider beside the form (decision 031)
            oidc.getObject().pages(http);
        }
        return http.build();
    }

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("camunda-rest-auth");
        registration.addUrlPatterns("/engine-rest/*");
        registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
        return registration;
    }

    /** City-wide managers and agency managers; which agencies each sees is the SLA reports' own rule (tw.kuayu.sla.SlaScope). */
    private static org.springframework.security.authorization.AuthorizationManager<
            org.springframework.security.web.access.intercept.RequestAuthorizationContext> slaReaders() {
        return (authentication, context) -> new org.springframework.security.authorization.AuthorizationDecision(
                Roles.readsSlaReports(authentication.get().getAuthorities().stream()
                        .map(org.springframework.security.core.GrantedAuthority::getAuthority).toList()));
    }

    /**
     * A matcher on the request path itself. The engine REST API and the webapps are served by their own
     * servlets, not Spring MVC's, so MVC-based matching would let them fall through to the pages chain.
     */
    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

    /** A page's script asks without the Basic challenge, so the browser shows no password prompt and the page can go to /login. */
    private static boolean challenge(HttpServletRequest req) {
        return !"XMLHttpRequest".equals(req.getHeader("X-Requested-With"));
    }

    /** The identity store could not be asked in time: back-pressure like any busy database, not a wrong password. */
    private static void writeBusy(HttpServletResponse res, ObjectMapper json, Duration retryAfter) throws IOException {
        long seconds = Math.max(1, retryAfter.toSeconds());
        res.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        res.setHeader("Retry-After", Long.toString(seconds));
        res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        res.setCharacterEncoding("UTF-8");
        json.writeValue(res.getOutputStream(), ProblemHandler.databaseBusyProblem(seconds));
    }

    static void writeProblem(HttpServletResponse res, ObjectMapper json, HttpStatus status, String title, String detail,
                                     boolean challenge) throws IOException {
        res.setStatus(status.value());
        if (challenge) {
            res.setHeader("WWW-Authenticate", "Basic realm=\"kuayu\", charset=\"UTF-8\"");
        }
        res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        res.setCharacterEncoding("UTF-8");
        json.writeValue(res.getOutputStream(), ProblemHandler.problem(status, title, detail));
    }
}
