package tw.kuayu.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Lets Kuayu's own pages call {@code /api/**} with the session they signed in with, without making
 * the API stateful: the sign-in is read from an existing session but never written to one (HTTP
 * Basic calls stay stateless and create no session), and a state-changing call that rides on the
 * session cookie must carry the page's CSRF token ({@code X-CSRF-TOKEN}). Calls with an
 * {@code Authorization} header, and calls with no session at all, are treated exactly as before.
 */
final class PageSessionContext {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private PageSessionContext() {
    }

    /** Request attribute first (this request's HTTP Basic sign-in), then the page session, read only. */
    static SecurityContextRepository repository() {
        return new DelegatingSecurityContextRepository(new RequestAttributeSecurityContextRepository(), new ReadOnlySession());
    }

    /** CSRF applies to state-changing calls authenticated by the session cookie rather than a header. */
    static RequestMatcher csrfRequired() {
        return request -> !SAFE.contains(request.getMethod()) && request.getHeader("Authorization") == null
                && request.getSession(false) != null;
    }

    private static final class ReadOnlySession implements SecurityContextRepository {

        private final HttpSessionSecurityContextRepository session = new HttpSessionSecurityContextRepository();

        ReadOnlySession() {
            session.setAllowSessionCreation(false);
        }

        @Override
        @SuppressWarnings("deprecation")
        public SecurityContext loadContext(HttpRequestResponseHolder holder) {
            return session.loadContext(holder);
        }

        @Override
        public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
            return session.loadDeferredContext(request);
        }

        @Override
        public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
            // never: an API call does not sign a session in or out
        }

        @Override
        public boolean containsContext(HttpServletRequest request) {
            return session.containsContext(request);
        }
    }
}
