package tw.kuayu.security;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;
import tw.kuayu.web.ProblemHandler;

/**
 * Authenticates against the engine's identity store, so Kuayu's API and pages, the Camunda
 * webapps and the engine REST API share one set of accounts, salted password hashes and the
 * engine's own login throttling. Group memberships become {@code GROUP_<id>} authorities.
 * Accepted credentials are remembered briefly ({@link VerifiedCredentials}); a refused password
 * makes the user's next request go to the store again, where the throttling applies. A store that
 * cannot be reached in time ({@link IdentityStoreBusyException}) is back-pressure, not a wrong password.
 */
@Component
@ConditionalOnProperty(name = "kuayu.security.ldap.enabled", havingValue = "false", matchIfMissing = true)
public class EngineIdentityAuthenticationProvider implements AuthenticationProvider {

    private final IdentityService identityService;
    private final VerifiedCredentials verified;

    public EngineIdentityAuthenticationProvider(IdentityService identityService, VerifiedCredentials verified) {
        this.identityService = identityService;
        this.verified = verified;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String userId = authentication.getName();
        Object credentials = authentication.getCredentials();
        if (userId != null && credentials != null) {
            List<String> known = verified.authorities(userId, credentials.toString());
            if (known != null) {
                return authenticated(userId, known);
            }
        }
        try {
            return fromStore(userId, credentials);
        } catch (RuntimeException e) {
            if (ProblemHandler.databaseBusy(e)) {
                throw new IdentityStoreBusyException(e);
            }
            throw e;
        }
    }

    private Authentication fromStore(String userId, Object credentials) {
        long generation = verified.generation();
        boolean ok;
        try {
            ok = userId != null && credentials != null && identityService.checkPassword(userId, credentials.toString());
        } catch (ProcessEngineException e) {
            if (ProblemHandler.databaseBusy(e)) {
                throw e;
            }
            ok = false;
        }
        if (!ok) {
            if (userId != null) {
                verified.forget(userId);
            }
            throw new BadCredentialsException("帳號或密碼錯誤");
        }
        List<String> authorities = identityService.createGroupQuery().groupMember(userId).list().stream()
                .map(g -> Roles.authority(g.getId()))
                .toList();
        verified.remember(generation, userId, credentials.toString(), authorities);
        return authenticated(userId, authorities);
    }

    private static Authentication authenticated(String userId, List<String> authorities) {
        return UsernamePasswordAuthenticationToken.authenticated(userId, null,
                authorities.stream().map(SimpleGrantedAuthority::new).toList());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
