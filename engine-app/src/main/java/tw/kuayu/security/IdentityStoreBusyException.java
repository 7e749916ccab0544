package tw.kuayu.security;

import org.springframework.security.authentication.AuthenticationServiceException;

/**
 * The identity store could not be asked (no database connection within the pool's timeout):
 * the credentials were neither accepted nor refused, so the caller is told to come back
 * (503 with Retry-After) rather than that the password is wrong or that the server failed.
 */
public class IdentityStoreBusyException extends AuthenticationServiceException {

    public IdentityStoreBusyException(Throwable cause) {
        super("identity store busy", cause);
    }
}
