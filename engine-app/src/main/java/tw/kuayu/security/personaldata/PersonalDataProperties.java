package tw.kuayu.security.personaldata;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys that seal personal data at rest (national IDs, application data, evidence snapshots).
 * See docs/security.md ("Encryption at rest") and docs/decisions/022-personal-data-encryption.md.
 *
 * @param currentKey       id of the key that seals new data; every other configured key stays readable
 * @param keys             key id → base64 of a 32-byte AES-256 key (from the environment, never a file in git)
 * @param searchKey        base64 of the HMAC-SHA256 key (at least 32 bytes) behind the national-ID search hash
 * @param keyStore         a PKCS#12 key store holding AES secret keys (alias = key id) and the search key
 * @param keyStorePassword its password
 * @param searchKeyAlias   alias of the search key in the key store; aliases {@code <alias>-<suffix>} are further search keys
 *                         (a rotation), each with its alias as id
 * @param searchKeys       search key id → base64 of an HMAC key (at least 32 bytes): the current and, while the re-hash
 *                         runs, the previous one; {@code search-key} alone has the id {@code search}
 * @param currentSearchKey id of the search key that hashes new values (needed when two are configured)
 * @param demoKeys         generate a demo key store under {@code ${kuayu.data-dir}/keys} at first start (demo profile only)
 */
@ConfigurationProperties("kuayu.personal-data")
public record PersonalDataProperties(String currentKey, Map<String, String> keys, String searchKey, Path keyStore,
                                     String keyStorePassword, String searchKeyAlias, boolean demoKeys,
                                     Map<String, String> searchKeys, String currentSearchKey) {

    public PersonalDataProperties {
        keys = keys == null ? Map.of() : Map.copyOf(keys);
        searchKeys = searchKeys == null ? Map.of() : Map.copyOf(searchKeys);
        searchKeyAlias = searchKeyAlias == null || searchKeyAlias.isBlank() ? "search" : searchKeyAlias;
    }
}
