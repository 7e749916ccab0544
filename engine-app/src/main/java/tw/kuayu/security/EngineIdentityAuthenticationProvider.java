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

/**
 * Authenticates against the engine's identity store, so Kuayu's API and pages, the Camunda
 * webapps and the engine REST API share one set of accounts, salted password hashes and the
 * engine's own login throttling. Group memberships become {@code GROUP_<id>} authorities.
 */
@Component
@ConditionalOnProperty(name = "kuayu.security.ldap.enabled", havingValue = "false", matchIfMissing = true)
public class EngineIdentityAuthenticationProvider implements AuthenticationProvider {

    private final IdentityService identityService;

    public EngineIdentityAuthenticationProvider(IdentityService identityService) {
        this.identityService = identityService;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String userId = authentication.getName();
        Object credentials = authentication.getCredentials();
        boolean ok;
        try {
            ok = userId != null && credentials != null && identityService.checkPassword(userId, credentials.toString());
        } catch (ProcessEngineException e) {
            ok = false;
        }
        if (!ok) {
            throw new BadCredentialsException("帳號或密碼錯誤");
        }
        List<SimpleGrantedAuthority> authorities = identityService.createGroupQuery().groupMember(userId).list().stream()
                .map(g -> new SimpleGrantedAuthority(Roles.authority(g.getId())))
                .toList();
        return UsernamePasswordAuthenticationToken.authenticated(userId, null, authorities);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
