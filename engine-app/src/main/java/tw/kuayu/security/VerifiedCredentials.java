package tw.kuayu.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Credentials the engine's identity store has just accepted, with the user's authorities, for at
 * most {@code kuayu.security.credentials-cache-ttl}: an API client sending HTTP Basic on every
 * request is checked against the store once per TTL, not twice per request. The password is kept
 * only as an HMAC under a key that lives and dies with this process.
 *
 * <p>Everything is forgotten when the identity store changes through the engine
 * ({@link IdentityChangeWatch}); a user is forgotten at once when a wrong password is tried for
 * them, so the engine's login throttling and locks apply to the next request. Changes that bypass
 * the engine (SQL on ACT_ID_*, another node of a cluster) take effect within the TTL.
 * Decision 029.
 */
@Component
public class VerifiedCredentials {

    private record Entry(byte[] passwordMac, List<String> authorities, long expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final SecretKeySpec key;
    // Mac.getInstance looks the provider up each time; one initialised Mac per thread
    private final ThreadLocal<Mac> macs;
    private final long ttlNanos;
    private final LongSupplier nanoTime;

    @Autowired
    public VerifiedCredentials(@Value("${kuayu.security.credentials-cache-ttl:30s}") Duration ttl) {
        this(ttl, System::nanoTime);
    }

    VerifiedCredentials(Duration ttl, LongSupplier nanoTime) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Taken before asking the identity store; {@link #remember} stores nothing if the store changed meanwhile. */
    public long generation() {
        return generation.get();
    }

    /** The authorities of a user whose password was accepted with exactly this password within the TTL, or null. */
    public List<String> authorities(String userId, String password) {
        Entry e = ttlNanos <= 0 ? null : entries.get(userId);
        if (e == null) {
            return null;
        }
        if (nanoTime.getAsLong() - e.expiresAt() >= 0) {
            entries.remove(userId, e);
            return null;
        }
        if (!MessageDigest.isEqual(e.passwordMac(), mac(userId, password))) {
            return null;
        }
        hits.incrementAndGet();
        return e.authorities();
    }

    public void remember(long generationBefore, String userId, String password, List<String> authorities) {
        if (ttlNanos <= 0) {
            return;
        }
        Entry e = new Entry(mac(userId, password), List.copyOf(authorities), nanoTime.getAsLong() + ttlNanos);
        entries.put(userId, e);
        // an identity change that committed while the store was being asked: the answer may be stale
        if (generation.get() != generationBefore) {
            entries.remove(userId, e);
        }
    }

    public void forget(String userId) {
        entries.remove(userId);
    }

    public void forgetAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    /** Requests answered from this cache since start (for tests and the benchmark). */
    public long hits() {
        return hits.get();
    }

    private byte[] mac(String userId, String password) {
        Mac m = macs.get();
        m.update(userId.getBytes(StandardCharsets.UTF_8));
        m.update((byte) 0);
        return m.doFinal(password.getBytes(StandardCharsets.UTF_8));
    }
}
