package tw.kuayu.security.personaldata;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
 * <p>
 * Search hashes name their key the same way ({@code <search key id>:<hex>}): one search key hashes new
 * values, and during a rotation lookups compare with the hash under the current and the previous key
 * ({@link #searchHash}, {@link #previousSearchHash}) until the sealer has re-hashed every row.
 */
public final class PersonalDataCipher {

    public static final String PREFIX = "enc:";
    /** Key ids may not hold LIKE wildcards or the separator, so {@code enc:<id>:%} selects one key's rows. */
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,39}");
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String currentKey;
    private final Map<String, SecretKey> keys;
    private final String currentSearchKey;
    private final String previousSearchKey;
    private final Map<String, SecretKeySpec> searchKeys;
    private final SecureRandom random = new SecureRandom();

    /** One search key, with the id {@value #DEFAULT_SEARCH_KEY}. */
    public PersonalDataCipher(String currentKey, Map<String, SecretKey> keys, byte[] searchKey) {
        this(currentKey, keys, DEFAULT_SEARCH_KEY, Map.of(DEFAULT_SEARCH_KEY, searchKey == null ? new byte[0] : searchKey));
    }

    /** The id a search key has when configured alone ({@code kuayu.personal-data.search-key}, key-store alias {@code search}). */
    public static final String DEFAULT_SEARCH_KEY = "search";

    /**
     * @param searchKeys the current search key and at most one previous one (a rotation in progress)
     */
    public PersonalDataCipher(String currentKey, Map<String, SecretKey> keys, String currentSearchKey, Map<String, byte[]> searchKeys) {
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
        if (!searchKeys.containsKey(currentSearchKey)) {
            throw new IllegalStateException("kuayu.personal-data.current-search-key '" + currentSearchKey
                    + "' is not among the configured search keys " + searchKeys.keySet());
        }
        if (searchKeys.size() > 2) {
            throw new IllegalStateException("At most two search keys may be configured (the current one and the previous one while "
                    + "the re-hash runs), not " + searchKeys.keySet() + "; see docs/operations.md");
        }
        Map<String, SecretKeySpec> hmacKeys = new LinkedHashMap<>();
        searchKeys.forEach((id, key) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalStateException("Search key id '" + id + "' is not allowed: use letters, digits, '.' and '-' (at most 40)");
            }
            if (key == null || key.length < 32) {
                throw new IllegalStateException("The national-ID search key '" + id + "' (kuayu.personal-data.search-key or "
                        + "kuayu.personal-data.search-keys." + id + ") must be at least 32 bytes");
            }
            hmacKeys.put(id, new SecretKeySpec(key, "HmacSHA256"));
        });
        this.currentKey = currentKey;
        this.keys = Map.copyOf(keys);
        this.currentSearchKey = currentSearchKey;
        this.previousSearchKey = searchKeys.keySet().stream().filter(id -> !id.equals(currentSearchKey)).findFirst().orElse(null);
        this.searchKeys = Map.copyOf(hmacKeys);
    }

    public String currentSearchKey() {
        return currentSearchKey;
    }

    public Set<String> searchKeyIds() {
        return searchKeys.keySet();
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
     * The keyed hash a national ID is found by, {@code <search key id>:<HMAC-SHA256 hex>} under the current
     * search key: same ID, same hash, and nobody without the search key can compute it from a guessed ID.
     * Case and surrounding space do not count.
     */
    public String searchHash(String nationalId) {
        return nationalId == null ? null : hash(currentSearchKey, normalizedId(nationalId));
    }

    /** The same under the previous search key while a rotation runs, else the current one (lookups compare with both). */
    public String previousSearchHash(String nationalId) {
        return nationalId == null ? null : hash(previousSearchKey == null ? currentSearchKey : previousSearchKey, normalizedId(nationalId));
    }

    /** The keyed hash a whole applicant name is found by (exact match; surrounding space does not count, Unicode NFC). */
    public String nameHash(String name) {
        return name == null ? null : hash(currentSearchKey, normalizedName(name));
    }

    public String previousNameHash(String name) {
        return name == null ? null : hash(previousSearchKey == null ? currentSearchKey : previousSearchKey, normalizedName(name));
    }

    private static String normalizedId(String nationalId) {
        return nationalId.strip().toUpperCase(Locale.ROOT);
    }

    /** Names are hashed apart from IDs (a "name:" domain), so a name hash never equals an ID hash. */
    private static String normalizedName(String name) {
        return "name:" + Normalizer.normalize(name.strip(), Normalizer.Form.NFC);
    }

    private String hash(String keyId, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(searchKeys.get(keyId));
            return keyId + ":" + HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
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
