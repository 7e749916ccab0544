package tw.kuayu.security.personaldata;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the personal-data keys from configuration and/or a PKCS#12 key store, generating the demo
 * key store on first start in the demo profile. Every misconfiguration stops the start with a
 * message naming the property to set.
 */
final class PersonalDataKeys {

    static final String DEMO_STORE = "personal-data.p12";
    static final String DEMO_PASSWORD = "kuayu-demo-personal-data";
    static final String DEMO_KEY = "demo-1";
    private static final Logger log = LoggerFactory.getLogger(PersonalDataKeys.class);

    private PersonalDataKeys() {
    }

    static PersonalDataCipher load(PersonalDataProperties p, Path dataDir, boolean demoProfile) {
        Path store = p.keyStore();
        char[] password = p.keyStorePassword() == null ? null : p.keyStorePassword().toCharArray();
        String current = blank(p.currentKey()) ? null : p.currentKey().strip();
        if (p.demoKeys()) {
            if (!demoProfile) {
                throw new IllegalStateException("kuayu.personal-data.demo-keys is set but the 'demo' profile is not active. "
                        + "Configure real keys (kuayu.personal-data.key-store or kuayu.personal-data.keys, see docs/security.md).");
            }
            if (store == null) {
                store = dataDir.resolve("keys").resolve(DEMO_STORE);
                password = DEMO_PASSWORD.toCharArray();
                createDemoStore(store, password, p.searchKeyAlias());
                current = current == null ? DEMO_KEY : current;
            }
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        Map<String, byte[]> search = new LinkedHashMap<>();
        if (store != null) {
            KeyStore ks = open(store, password);
            try {
                for (String alias : Collections.list(ks.aliases())) {
                    if (!ks.entryInstanceOf(alias, KeyStore.SecretKeyEntry.class)) {
                        continue;
                    }
                    SecretKey key = (SecretKey) ks.getKey(alias, password);
                    if (alias.equalsIgnoreCase(p.searchKeyAlias())) {
                        search.put(PersonalDataCipher.DEFAULT_SEARCH_KEY, key.getEncoded());
                    } else if (alias.toLowerCase(Locale.ROOT).startsWith(p.searchKeyAlias().toLowerCase(Locale.ROOT) + "-")) {
                        search.put(alias, key.getEncoded());
                    } else {
                        keys.put(alias, new SecretKeySpec(key.getEncoded(), "AES"));
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot read the keys in kuayu.personal-data.key-store " + store + ": " + e.getMessage(), e);
            }
        }
        p.keys().forEach((id, base64) -> keys.put(id, new SecretKeySpec(decode("kuayu.personal-data.keys." + id, base64), "AES")));
        if (!blank(p.searchKey())) {
            search.put(PersonalDataCipher.DEFAULT_SEARCH_KEY, decode("kuayu.personal-data.search-key", p.searchKey()));
        }
        p.searchKeys().forEach((id, base64) -> search.put(id, decode("kuayu.personal-data.search-keys." + id, base64)));
        if (keys.isEmpty()) {
            throw new IllegalStateException("No key to encrypt personal data at rest is configured. Set kuayu.personal-data.keys.<key-id> "
                    + "(base64 of 32 random bytes, e.g. `openssl rand -base64 32`) and kuayu.personal-data.current-key, or "
                    + "kuayu.personal-data.key-store (PKCS#12 with AES secret keys); see docs/security.md. "
                    + "Only the demo profile generates a key by itself.");
        }
        if (search.isEmpty()) {
            throw new IllegalStateException("No national-ID search key is configured. Set kuayu.personal-data.search-key (base64 of 32 "
                    + "random bytes) or put a secret key with alias '" + p.searchKeyAlias() + "' in kuayu.personal-data.key-store; "
                    + "see docs/security.md.");
        }
        if (current == null) {
            if (keys.size() > 1) {
                throw new IllegalStateException("Several personal-data keys are configured " + keys.keySet()
                        + ": set kuayu.personal-data.current-key to the one that seals new data.");
            }
            current = keys.keySet().iterator().next();
        }
        String currentSearch = blank(p.currentSearchKey()) ? null : p.currentSearchKey().strip();
        if (currentSearch == null) {
            if (search.size() > 1) {
                throw new IllegalStateException("Several search keys are configured " + search.keySet()
                        + ": set kuayu.personal-data.current-search-key to the one that hashes new values (docs/operations.md).");
            }
            currentSearch = search.keySet().iterator().next();
        }
        return new PersonalDataCipher(current, keys, currentSearch, search);
    }

    private static KeyStore open(Path store, char[] password) {
        if (!Files.isRegularFile(store)) {
            throw new IllegalStateException("kuayu.personal-data.key-store " + store + " does not exist");
        }
        if (password == null) {
            throw new IllegalStateException("kuayu.personal-data.key-store is set but kuayu.personal-data.key-store-password is not");
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot open kuayu.personal-data.key-store " + store
                    + " (wrong kuayu.personal-data.key-store-password?): " + e.getMessage(), e);
        }
    }

    /**
     * Writes a new demo key store unless one exists. Created under a temporary name and linked into
     * place without replacing, so nodes sharing a data directory all end up with the same keys.
     */
    static void createDemoStore(Path store, char[] password, String searchAlias) {
        if (Files.exists(store)) {
            return;
        }
        try {
            Files.createDirectories(store.getParent());
            SecureRandom random = new SecureRandom();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, password);
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
            ks.setEntry(DEMO_KEY, new KeyStore.SecretKeyEntry(new SecretKeySpec(randomBytes(random), "AES")), protection);
            ks.setEntry(searchAlias, new KeyStore.SecretKeyEntry(new SecretKeySpec(randomBytes(random), "HmacSHA256")), protection);
            Path temporary = Files.createTempFile(store.getParent(), DEMO_STORE, ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                ks.store(out, password);
            }
            try {
                Files.createLink(store, temporary); // fails if another node created it first: theirs is used
                log.info("generated the demo personal-data key store {} (demo only)", store);
            } catch (FileAlreadyExistsException anotherNodeWasFaster) {
                // keep theirs
            } finally {
                Files.delete(temporary);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create the demo personal-data key store " + store + ": " + e.getMessage(), e);
        }
    }

    private static byte[] randomBytes(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] decode(String property, String base64) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not valid base64", e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
