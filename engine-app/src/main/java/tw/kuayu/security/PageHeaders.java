package tw.kuayu.security;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Response headers of Kuayu's own pages and API. Spring Security adds X-Content-Type-Options
 * {@code nosniff}, {@code Cache-Control: no-store} and, on HTTPS requests only, Strict-Transport-Security
 * (behind a TLS proxy set {@code server.forward-headers-strategy=native}, docs/security.md). On top of
 * that: a Content-Security-Policy that admits scripts from Kuayu's own files only (no inline script,
 * no other origin), no framing, and no referrer leaving the site.
 */
final class PageHeaders {

    /** Pages: own scripts and styles (the pages' inline style blocks), no plugins, not framed. */
    static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** The API answers data, never a document to render. */
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private PageHeaders() {
    }

    static <B extends org.springframework.security.config.annotation.web.HttpSecurityBuilder<B>> Customizer<HeadersConfigurer<B>> with(
            String policy) {
        return headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(policy))
                .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny);
    }
}
