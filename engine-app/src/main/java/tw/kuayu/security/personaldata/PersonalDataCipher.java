package tw.kuayu.security.personaldata;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM sealing of personal data and the keyed hash that finds national IDs without
 * decrypting. A sealed value is {@code enc:<key id>:<base64(iv ‖ ciphertext ‖ tag)>}: it names its
 * key, so several keys can be readable at once (rotation) and a missing key is named in the error.
 * The key id is bound to the ciphertext as associated data. Values without the {@code enc:} prefix
 * are rows written before encryption existed; they read as they are until the sealer has sealed them.
 */
public final class PersonalDataCipher {

    public static final String PREFIX = "enc:";
    /** Key ids may not hold LIKE wildcards or the separator, so {@code enc:<id>:%} selects one key's rows. */
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,39}");
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String currentKey;
    private final Map<String, SecretKey> keys;
    private final SecretKeySpec searchKey;
    private final SecureRandom random = new SecureRandom();

    public PersonalDataCipher(String currentKey, Map<String, SecretKey> keys, byte[] searchKey) {
        if (!keys.containsKey(currentKey)) {
            throw new IllegalStateException("kuayu.personal-data.current-key '" + currentKey + "' is not among the configured keys "
                    + keys.keySet());
        }
        keys.forEach((id, key) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalStateException("Personal-data key id '" + id + "' is not allowed: use letters, digits, '.' and '-' (at most 40)");
            }
            if (key.getEncoded() == null || key.getEncoded().length != 32) {
                throw new IllegalStateException("Personal-data key '" + id + "' must be a 256-bit AES key (32 bytes)");
            }
        });
        if (searchKey == null || searchKey.length < 32) {
            throw new IllegalStateException("The national-ID search key (kuayu.personal-data.search-key) must be at least 32 bytes");
        }
        this.currentKey = currentKey;
        this.keys = Map.copyOf(keys);
        this.searchKey = new SecretKeySpec(searchKey, "HmacSHA256");
    }

    public String currentKey() {
        return currentKey;
    }

    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** Seals a value with the current key; null stays null. */
    public String seal(String clear) {
        if (clear == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKey), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(currentKey.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return PREFIX + currentKey + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** Opens a sealed value; null stays null and a value written before encryption is returned as it is. */
    public String open(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        int colon = stored.indexOf(':', PREFIX.length());
        if (colon < 0) {
            throw new PersonalDataKeyException("A sealed personal-data value is malformed (no key id); it cannot be read.");
        }
        String keyId = stored.substring(PREFIX.length(), colon);
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new PersonalDataKeyException("Personal data sealed with key '" + keyId + "' cannot be read: that key is not "
                    + "configured (kuayu.personal-data.keys." + keyId + " or alias '" + keyId + "' in kuayu.personal-data.key-store). "
                    + "Configured keys: " + keys.keySet());
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(colon + 1));
            if (in.length < IV_BYTES + TAG_BITS / 8) {
                throw new PersonalDataKeyException("A personal-data value sealed with key '" + keyId + "' is truncated; it cannot be read.");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new PersonalDataKeyException("Personal data sealed with key '" + keyId + "' does not decrypt with the configured key '"
                    + keyId + "': the configured key material is not the one that sealed it, or the stored value was altered.");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** Whether a stored value is sealed with the current key (else the sealer re-seals it). */
    public boolean isCurrent(String stored) {
        return stored != null && stored.startsWith(PREFIX + currentKey + ":");
    }

    /**
     * The keyed hash (HMAC-SHA256, hex) a national ID is found by: same ID, same hash, and nobody
     * without the search key can compute it from a guessed ID. Case and surrounding space do not count.
     */
    public String searchHash(String nationalId) {
        if (nationalId == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(searchKey);
            return HexFormat.of().formatHex(mac.doFinal(nationalId.strip().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** Thrown when stored personal data cannot be opened with the configured keys. */
    public static final class PersonalDataKeyException extends IllegalStateException {
        PersonalDataKeyException(String message) {
            super(message);
        }
    }
}
