package tw.kuayu.security.personaldata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tw.kuayu.security.personaldata.PersonalDataCipher.PersonalDataKeyException;

class PersonalDataCipherTest {

    static final SecureRandom RANDOM = new SecureRandom();

    static byte[] bytes() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }

    static SecretKey aes() {
        return new SecretKeySpec(bytes(), "AES");
    }

    static PersonalDataProperties properties(String current, Map<String, String> keys, String searchKey) {
        return new PersonalDataProperties(current, keys, searchKey, null, null, null, false, null, null);
    }

    @Test
    void sealedValuesRoundTripAndNeverRepeat() {
        PersonalDataCipher cipher = new PersonalDataCipher("k1", Map.of("k1", aes()), bytes());
        String text = "{\"name\":\"王𡘙明\",\"address\":\"臺北市大安區和平東路二段106號\",\"id\":\"A123456789\"}";
        String first = cipher.seal(text);
        String second = cipher.seal(text);
        assertThat(first).startsWith("enc:k1:").doesNotContain("A123456789", "和平東路");
        assertThat(second).isNotEqualTo(first); // a fresh IV each time
        assertThat(cipher.open(first)).isEqualTo(text);
        assertThat(cipher.open(second)).isEqualTo(text);
        assertThat(cipher.seal(null)).isNull();
        assertThat(cipher.open(null)).isNull();
        assertThat(cipher.open("A123456789")).as("a row written before encryption reads as it is").isEqualTo("A123456789");
    }

    @Test
    void aWrongKeyIsAClearErrorNamingTheKey() {
        PersonalDataCipher sealing = new PersonalDataCipher("k1", Map.of("k1", aes()), bytes());
        String sealed = sealing.seal("A123456789");

        PersonalDataCipher otherMaterial = new PersonalDataCipher("k1", Map.of("k1", aes()), bytes());
        assertThatThrownBy(() -> otherMaterial.open(sealed)).isInstanceOf(PersonalDataKeyException.class)
                .hasMessageContaining("sealed with key 'k1' does not decrypt with the configured key 'k1'")
                .hasMessageNotContaining("A123456789");

        PersonalDataCipher otherId = new PersonalDataCipher("k2", Map.of("k2", aes()), bytes());
        assertThatThrownBy(() -> otherId.open(sealed)).isInstanceOf(PersonalDataKeyException.class)
                .hasMessageContaining("sealed with key 'k1' cannot be read")
                .hasMessageContaining("kuayu.personal-data.keys.k1");

        String tampered = sealed.substring(0, sealed.length() - 6) + (sealed.endsWith("AAAA==") ? "BBBB==" : "AAAA==");
        assertThatThrownBy(() -> sealing.open(tampered)).isInstanceOf(PersonalDataKeyException.class);
        // the key id is bound to the ciphertext: relabelling it to another configured key fails too
        PersonalDataCipher two = new PersonalDataCipher("k1", Map.of("k1", new SecretKeySpec(aes().getEncoded(), "AES"), "k9", aes()), bytes());
        assertThatThrownBy(() -> two.open(two.seal("x").replace("enc:k1:", "enc:k9:"))).isInstanceOf(PersonalDataKeyException.class);
    }

    @Test
    void theSearchHashIsKeyedAndIgnoresCaseAndSpace() {
        byte[] searchKey = bytes();
        PersonalDataCipher a = new PersonalDataCipher("k1", Map.of("k1", aes()), searchKey);
        PersonalDataCipher sameSearchKey = new PersonalDataCipher("k2", Map.of("k2", aes()), searchKey);
        PersonalDataCipher otherSearchKey = new PersonalDataCipher("k1", Map.of("k1", aes()), bytes());
        assertThat(a.searchHash("A123456789")).matches("search:[0-9a-f]{64}")
                .isEqualTo(a.searchHash(" a123456789 "))
                .isEqualTo(sameSearchKey.searchHash("A123456789"))
                .isNotEqualTo(a.searchHash("B234567890"))
                .isNotEqualTo(otherSearchKey.searchHash("A123456789"));
    }

    @Test
    void twoSearchKeysHashUnderTheCurrentAndLookUpUnderBoth() {
        String s1 = Base64.getEncoder().encodeToString(bytes());
        String s2 = Base64.getEncoder().encodeToString(bytes());
        Map<String, String> keys = Map.of("k1", Base64.getEncoder().encodeToString(bytes()));
        assertThatThrownBy(() -> PersonalDataKeys.load(new PersonalDataProperties(null, keys, null, null, null, null, false,
                Map.of("s1", s1, "s2", s2), null), Path.of("unused"), false)).hasMessageContaining("kuayu.personal-data.current-search-key");

        PersonalDataCipher rotating = PersonalDataKeys.load(new PersonalDataProperties(null, keys, null, null, null, null, false,
                Map.of("s1", s1, "s2", s2), "s2"), Path.of("unused"), false);
        PersonalDataCipher before = PersonalDataKeys.load(new PersonalDataProperties(null, keys, null, null, null, null, false,
                Map.of("s1", s1), null), Path.of("unused"), false);

        assertThat(rotating.searchHash("A123456789")).startsWith("s2:");
        assertThat(rotating.previousSearchHash("A123456789")).isEqualTo(before.searchHash("A123456789")).startsWith("s1:");
        assertThat(rotating.nameHash(" 王𡘙明 ")).startsWith("s2:").isEqualTo(rotating.nameHash("王𡘙明"))
                .isNotEqualTo(rotating.searchHash("王𡘙明"));
        assertThat(rotating.previousNameHash("王𡘙明")).isEqualTo(before.nameHash("王𡘙明"));
        assertThat(before.previousSearchHash("A123456789")).as("no rotation: the current key twice").isEqualTo(before.searchHash("A123456789"));
        assertThatThrownBy(() -> PersonalDataKeys.load(new PersonalDataProperties(null, keys, s1, null, null, null, false,
                Map.of("s2", s2, "s3", s2), "s2"), Path.of("unused"), false)).hasMessageContaining("At most two search keys");
    }

    @Test
    void keysFromConfiguration() {
        String k1 = Base64.getEncoder().encodeToString(bytes());
        String k2 = Base64.getEncoder().encodeToString(bytes());
        String search = Base64.getEncoder().encodeToString(bytes());
        PersonalDataCipher cipher = PersonalDataKeys.load(properties("k2", Map.of("k1", k1, "k2", k2), search), Path.of("unused"), false);
        assertThat(cipher.currentKey()).isEqualTo("k2");
        assertThat(cipher.keyIds()).containsExactlyInAnyOrder("k1", "k2");
        PersonalDataCipher onlyOld = PersonalDataKeys.load(properties(null, Map.of("k1", k1), search), Path.of("unused"), false);
        assertThat(cipher.open(onlyOld.seal("A123456789"))).as("the old key stays readable").isEqualTo("A123456789");
    }

    @Test
    void aStartWithoutKeysFailsNamingTheProperty() {
        assertThatThrownBy(() -> PersonalDataKeys.load(properties(null, Map.of(), null), Path.of("unused"), false))
                .hasMessageContaining("kuayu.personal-data.keys").hasMessageContaining("kuayu.personal-data.key-store");
        String key = Base64.getEncoder().encodeToString(bytes());
        assertThatThrownBy(() -> PersonalDataKeys.load(properties(null, Map.of("k1", key), null), Path.of("unused"), false))
                .hasMessageContaining("kuayu.personal-data.search-key");
        assertThatThrownBy(() -> PersonalDataKeys.load(properties(null, Map.of("k1", key, "k2", key), key), Path.of("unused"), false))
                .hasMessageContaining("kuayu.personal-data.current-key");
        assertThatThrownBy(() -> PersonalDataKeys.load(properties("k3", Map.of("k1", key), key), Path.of("unused"), false))
                .hasMessageContaining("kuayu.personal-data.current-key 'k3'");
        assertThatThrownBy(() -> PersonalDataKeys.load(properties(null, Map.of("k1", "not base64!"), key), Path.of("unused"), false))
                .hasMessageContaining("kuayu.personal-data.keys.k1");
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> PersonalDataKeys.load(properties(null, Map.of("k1", short16), key), Path.of("unused"), false))
                .hasMessageContaining("256-bit");
    }

    @Test
    void demoKeysOnlyInTheDemoProfileAndKeptInTheDataDirectory(@TempDir Path dataDir) throws Exception {
        PersonalDataProperties demo = new PersonalDataProperties(null, Map.of(), null, null, null, null, true, null, null);
        assertThatThrownBy(() -> PersonalDataKeys.load(demo, dataDir, false)).hasMessageContaining("'demo' profile is not active");

        PersonalDataCipher first = PersonalDataKeys.load(demo, dataDir, true);
        Path store = dataDir.resolve("keys").resolve(PersonalDataKeys.DEMO_STORE);
        assertThat(store).isRegularFile();
        assertThat(first.currentKey()).isEqualTo(PersonalDataKeys.DEMO_KEY);
        PersonalDataCipher again = PersonalDataKeys.load(demo, dataDir, true);
        assertThat(again.open(first.seal("A123456789"))).as("the next start uses the same key").isEqualTo("A123456789");
        assertThat(again.searchHash("A123456789")).isEqualTo(first.searchHash("A123456789"));

        // a real PKCS#12 key store: the same file, configured as an operator would
        PersonalDataProperties keyStore = new PersonalDataProperties(null, Map.of(), null, store, PersonalDataKeys.DEMO_PASSWORD, null, false, null, null);
        assertThat(PersonalDataKeys.load(keyStore, Path.of("unused"), false).open(first.seal("x"))).isEqualTo("x");
        PersonalDataProperties wrongPassword = new PersonalDataProperties(null, Map.of(), null, store, "wrong", null, false, null, null);
        assertThatThrownBy(() -> PersonalDataKeys.load(wrongPassword, Path.of("unused"), false))
                .hasMessageContaining("kuayu.personal-data.key-store-password");
        assertThat(Files.list(store.getParent())).noneMatch(p -> p.toString().endsWith(".tmp"));
    }
}
