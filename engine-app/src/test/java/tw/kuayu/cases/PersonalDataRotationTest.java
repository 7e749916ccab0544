package tw.kuayu.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.kuayu.evidence.EvidenceMapper;
import tw.kuayu.security.personaldata.PersonalDataCipher;
import tw.kuayu.security.personaldata.PersonalDataSealer;

/**
 * Key rotation and the upgrade of a database written before encryption: the application runs with
 * two keys ({@code old}, and {@code new} sealing new data). Rows sealed with {@code old} stay
 * readable and findable until the sealer re-seals them; rows stored in clear are sealed and their
 * clear columns emptied; a row sealed with a key that is not configured stops the start.
 */
@SpringBootTest
@ActiveProfiles({"demo", "test"})
class PersonalDataRotationTest {

    static final byte[] OLD = random();
    static final byte[] NEW = random();
    static final byte[] SEARCH = random();

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        registry.add("kuayu.personal-data.demo-keys", () -> "false");
        registry.add("kuayu.personal-data.keys.old", () -> Base64.getEncoder().encodeToString(OLD));
        registry.add("kuayu.personal-data.keys.new", () -> Base64.getEncoder().encodeToString(NEW));
        registry.add("kuayu.personal-data.current-key", () -> "new");
        registry.add("kuayu.personal-data.search-key", () -> Base64.getEncoder().encodeToString(SEARCH));
    }

    static byte[] random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** What the application looked like before the rotation: only the old key. */
    final PersonalDataCipher before = new PersonalDataCipher("old", Map.of("old", new SecretKeySpec(OLD, "AES")), SEARCH);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CaseMapper cases;

    @Autowired
    EvidenceMapper evidence;

    @Autowired
    PersonalDataSealer sealer;

    @Test
    void oldRowsStayReadableUntilReSealedWithTheNewKey() {
        String caseNo = "114-ROT-" + UUID.randomUUID().toString().substring(0, 8);
        String id = insertCase(caseNo, null, before.seal("A123456789"), before.searchHash("A123456789"), before.seal("{\"parcelNo\":\"𡘙\"}"));
        String evidenceId = insertEvidence(id, null, before.seal("{\"registeredAddress\":\"臺北市大安區和平東路二段106號\"}"));

        assertThat(cases.findById(id).applicantNationalId()).isEqualTo("A123456789");
        assertThat(cases.findById(id).dataJson()).isEqualTo("{\"parcelNo\":\"𡘙\"}");
        assertThat(cases.findByCaseNoAndApplicant(caseNo, "A123456789")).isNotNull();
        assertThat(evidence.findByCase(id)).singleElement().satisfies(e -> assertThat(e.dataJson()).contains("和平東路"));

        jdbc.update("UPDATE kuayu_personal_data_state SET done_keys = 'seal=old;hash=search'"); // the last run was before the rotation
        assertThat(sealer.resealWithCurrentKey()).isGreaterThanOrEqualTo(2);

        assertThat(jdbc.queryForObject("SELECT applicant_id_sealed FROM kuayu_case WHERE id = ?", String.class, id)).startsWith("enc:new:");
        assertThat(jdbc.queryForObject("SELECT data_sealed FROM kuayu_case WHERE id = ?", String.class, id)).startsWith("enc:new:");
        assertThat(jdbc.queryForObject("SELECT data_sealed FROM kuayu_evidence WHERE id = ?", String.class, evidenceId)).startsWith("enc:new:");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_case WHERE applicant_id_sealed LIKE 'enc:old:%' "
                + "OR data_sealed LIKE 'enc:old:%'", Long.class)).as("nothing is left for the old key: it may be retired").isZero();
        assertThat(cases.findById(id).applicantNationalId()).isEqualTo("A123456789");
        assertThat(cases.findById(id).dataJson()).isEqualTo("{\"parcelNo\":\"𡘙\"}");
        assertThat(cases.findByCaseNoAndApplicant(caseNo, "a123456789")).isNotNull();
        assertThat(evidence.findByCase(id)).singleElement().satisfies(e -> assertThat(e.dataJson()).contains("和平東路"));
    }

    @Test
    void rowsStoredInClearBeforeEncryptionAreSealedAtStart() {
        String caseNo = "114-OLD-" + UUID.randomUUID().toString().substring(0, 8);
        String id = insertCase(caseNo, "A123456789", null, null, null);
        jdbc.update("UPDATE kuayu_case SET data_json = ? WHERE id = ?", "{\"parcelNo\":\"大安區龍泉段二小段0123-0000\"}", id);
        String evidenceId = insertEvidence(id, "{\"registeredAddress\":\"臺北市大安區和平東路二段106號\"}", null);
        assertThat(cases.findById(id).applicantNationalId()).as("readable before sealing").isEqualTo("A123456789");

        jdbc.update("UPDATE kuayu_personal_data_state SET done_keys = NULL"); // a database upgraded from before encryption
        sealer.afterPropertiesSet(); // what the next start does

        Map<String, Object> row = jdbc.queryForMap("SELECT applicant_national_id, data_json, applicant_id_sealed, applicant_id_masked, "
                + "data_sealed FROM kuayu_case WHERE id = ?", id);
        assertThat(row.get("applicant_national_id")).isNull();
        assertThat(row.get("data_json")).isNull();
        assertThat((String) row.get("applicant_id_sealed")).startsWith("enc:new:");
        assertThat(String.valueOf(row.get("data_sealed"))).startsWith("enc:new:");
        assertThat(row.get("applicant_id_masked")).isEqualTo("A12****789");
        assertThat(jdbc.queryForObject("SELECT data_json FROM kuayu_evidence WHERE id = ?", String.class, evidenceId)).isNull();
        assertThat(cases.findByCaseNoAndApplicant(caseNo, "A123456789").dataJson()).contains("龍泉段");
        assertThat(evidence.findByCase(id)).singleElement().satisfies(e -> assertThat(e.dataJson()).contains("和平東路"));
    }

    @Test
    void aRowSealedWithAKeyThatIsNotConfiguredStopsTheStart() {
        PersonalDataCipher retiredTooEarly = new PersonalDataCipher("gone", Map.of("gone", new SecretKeySpec(random(), "AES")), SEARCH);
        String id = insertCase("114-GONE-" + UUID.randomUUID().toString().substring(0, 6), null, retiredTooEarly.seal("A123456789"),
                retiredTooEarly.searchHash("A123456789"), null);
        try {
            jdbc.update("UPDATE kuayu_personal_data_state SET done_keys = 'seal=gone;hash=search'"); // the last run was under 'gone'
            assertThatThrownBy(sealer::afterPropertiesSet).hasMessageContaining("sealed with a key that is not configured")
                    .hasMessageContaining("kuayu.personal-data.keys").hasMessageNotContaining("A123456789");
            assertThatThrownBy(() -> cases.findById(id)).hasMessageContaining("key 'gone' cannot be read");
        } finally {
            jdbc.update("DELETE FROM kuayu_case WHERE id = ?", id);
        }
    }

    private String insertCase(String caseNo, String clearId, String sealedId, String hash, String sealedData) {
        String id = UUID.randomUUID().toString();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO kuayu_case (id, case_no, case_type, owner_agency, status, applicant_national_id, applicant_id_sealed, "
                + "applicant_id_hash, applicant_id_masked, applicant_name, data_sealed, received_at, due_at, created_by) "
                + "VALUES (?, ?, 'land-value-tax-self-use', 'tpe-tax', 'in-progress', ?, ?, ?, ?, '王小明', ?, ?, ?, 'seed')",
                id, caseNo, clearId, sealedId, hash, sealedId == null ? null : "A12****789", sealedData, now, now);
        return id;
    }

    private String insertEvidence(String caseId, String clearData, String sealedData) {
        String id = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO kuayu_evidence (id, case_id, source, source_agency, record_type, found, data_json, data_sealed, "
                + "fetched_at, sha256) VALUES (?, ?, 'household', '內政部', 'household-registration', TRUE, ?, ?, ?, ?)",
                id, caseId, clearData, sealedData, Timestamp.from(Instant.now()), "0".repeat(64));
        return id;
    }
}
