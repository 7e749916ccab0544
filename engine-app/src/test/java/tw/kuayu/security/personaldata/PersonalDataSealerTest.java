package tw.kuayu.security.personaldata;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.security.personaldata.PersonalDataSealer.Outcome;
import tw.kuayu.security.personaldata.PersonalDataSealer.Result;
import tw.kuayu.tasks.OpinionMapper;

/**
 * The sealer's bookkeeping (decision 033) and the search-key rotation. The application runs after a rotation
 * of both keys: {@code k2} seals and {@code s2} hashes, {@code k1} and {@code s1} are still configured. Rows
 * written before it (sealed with {@code k1}, hashed with {@code s1}) are inserted here as they were stored.
 * Counts come from the sealer's {@link Result}, never from timing. The same tests run on PostgreSQL
 * ({@link PersonalDataSealerOnPostgresTest}).
 */
@SpringBootTest(properties = "kuayu.test.context=personal-data-sealer")
@ActiveProfiles({"demo", "test"})
class PersonalDataSealerTest {

    static final byte[] K1 = random();
    static final byte[] K2 = random();
    static final byte[] S1 = random();
    static final byte[] S2 = random();
    static final String BEFORE_ROTATION = "seal=k1;hash=s1";

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        registry.add("kuayu.personal-data.demo-keys", () -> "false");
        registry.add("kuayu.personal-data.keys.k1", () -> Base64.getEncoder().encodeToString(K1));
        registry.add("kuayu.personal-data.keys.k2", () -> Base64.getEncoder().encodeToString(K2));
        registry.add("kuayu.personal-data.current-key", () -> "k2");
        registry.add("kuayu.personal-data.search-keys.s1", () -> Base64.getEncoder().encodeToString(S1));
        registry.add("kuayu.personal-data.search-keys.s2", () -> Base64.getEncoder().encodeToString(S2));
        registry.add("kuayu.personal-data.current-search-key", () -> "s2");
    }

    static byte[] random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** The application before the rotation: only k1 and s1. */
    final PersonalDataCipher before = new PersonalDataCipher("k1", Map.of("k1", new SecretKeySpec(K1, "AES")), "s1", Map.of("s1", S1));
    /** The application once k1 and s1 are retired. */
    final PersonalDataCipher after = new PersonalDataCipher("k2", Map.of("k2", new SecretKeySpec(K2, "AES")), "s2", Map.of("s2", S2));

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PersonalDataMapper mapper;

    @Autowired
    PersonalDataCipher cipher;

    @Autowired
    PersonalDataSealer sealer;

    @Autowired
    CaseMapper cases;

    @Autowired
    OpinionMapper opinions;

    final List<String> inserted = new ArrayList<>();

    @BeforeEach
    void nothingLeftFromOtherTests() {
        jdbc.update("UPDATE kuayu_personal_data_state SET locked_by = NULL, locked_until = NULL");
        assertThat(sealer.run(PersonalDataSealer.BATCH, Integer.MAX_VALUE).outcome()).isIn(Outcome.UP_TO_DATE, Outcome.DONE);
    }

    @AfterEach
    void removeRows() {
        inserted.forEach(id -> {
            jdbc.update("DELETE FROM kuayu_opinion WHERE case_id = ?", id);
            jdbc.update("DELETE FROM kuayu_case WHERE id = ?", id);
        });
    }

    @Test
    void aStartWithUnchangedKeysTouchesNoRow() {
        assertThat(jdbc.queryForObject("SELECT done_keys FROM kuayu_personal_data_state", String.class)).isEqualTo("seal=k2;hash=s2");
        String id = insertCase("A123456789", "王小明"); // sealed with k1: would be re-sealed if the sealer looked
        PersonalDataSealer secondStart = new PersonalDataSealer(mapper, cipher);

        secondStart.afterPropertiesSet();
        secondStart.resealWithCurrentKey();

        assertThat(secondStart.lastRun()).isEqualTo(new Result(Outcome.UP_TO_DATE, 0, 0));
        assertThat(jdbc.queryForObject("SELECT applicant_id_sealed FROM kuayu_case WHERE id = ?", String.class, id)).startsWith("enc:k1:");
    }

    @Test
    void searchKeyRotationFindsOldRowsThenReHashesThemSoTheOldKeyCanBeRemoved() {
        jdbc.update("UPDATE kuayu_personal_data_state SET done_keys = ?", BEFORE_ROTATION);
        String rare = "林𠮷";
        String id = insertCase("B234567890", rare);
        String caseNo = caseNo(id);
        insertOpinion(id, "會辦意見：經查𡘙字無誤，無意見。");
        assertThat(jdbc.queryForObject("SELECT applicant_id_hash FROM kuayu_case WHERE id = ?", String.class, id)).startsWith("s1:");

        // during the rotation: found under the previous search key, read with the previous sealing key
        assertThat(cases.findByCaseNoAndApplicant(caseNo, "b234567890")).isNotNull()
                .satisfies(c -> assertThat(c.applicantName()).isEqualTo(rare));
        assertThat(opinions.findByCase(id)).singleElement().satisfies(o -> assertThat(o.opinion()).contains("𡘙"));

        Result result = sealer.run(PersonalDataSealer.BATCH, Integer.MAX_VALUE);

        assertThat(result.outcome()).isEqualTo(Outcome.DONE);
        assertThat(result.rowsWritten()).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_case WHERE applicant_id_hash NOT LIKE 's2:%' "
                + "OR applicant_name_hash NOT LIKE 's2:%' OR applicant_id_sealed NOT LIKE 'enc:k2:%' OR applicant_name NOT LIKE 'enc:k2:%'",
                Long.class)).as("nothing is left for k1 or s1").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_opinion WHERE opinion NOT LIKE 'enc:k2:%'", Long.class)).isZero();
        assertThat(mapper.casesHashedWithOtherKeys(List.of("s2:%"))).as("s1 may be removed").isZero();
        assertThat(mapper.casesSealedWithOtherKeys(List.of("enc:k2:%"))).as("k1 may be removed").isZero();
        Map<String, Object> row = jdbc.queryForMap("SELECT applicant_id_hash, applicant_name_hash, applicant_id_sealed, applicant_name "
                + "FROM kuayu_case WHERE id = ?", id);
        assertThat(row.get("applicant_id_hash")).isEqualTo(after.searchHash("B234567890"));
        assertThat(row.get("applicant_name_hash")).isEqualTo(after.nameHash(rare));
        assertThat(after.open((String) row.get("applicant_id_sealed"))).isEqualTo("B234567890");
        assertThat(after.open((String) row.get("applicant_name"))).isEqualTo(rare);
        assertThat(cases.findByCaseNoAndApplicant(caseNo, "B234567890").applicantName()).isEqualTo(rare);
        assertThat(opinions.findByCase(id)).singleElement().satisfies(o -> assertThat(o.opinion()).isEqualTo("會辦意見：經查𡘙字無誤，無意見。"));
        assertThat(jdbc.queryForObject("SELECT done_keys FROM kuayu_personal_data_state", String.class)).isEqualTo("seal=k2;hash=s2");
    }

    @Test
    void aRunCutShortIsFinishedByTheNextStartWithoutSealingAnyRowTwice() {
        jdbc.update("UPDATE kuayu_personal_data_state SET done_keys = ?", BEFORE_ROTATION);
        for (int i = 0; i < 7; i++) {
            insertCase("A123456789", "王小明");
        }
        PersonalDataSealer crashed = new PersonalDataSealer(mapper, cipher);
        Result first = crashed.run(2, 2); // two batches of two, then the node "dies" holding the lock

        assertThat(first).isEqualTo(new Result(Outcome.STOPPED, 4, 4));
        assertThat(staleCases()).isEqualTo(3);
        PersonalDataSealer restarted = new PersonalDataSealer(mapper, cipher);
        assertThat(restarted.run(2, Integer.MAX_VALUE).outcome()).as("the lease still runs").isEqualTo(Outcome.BUSY);

        jdbc.update("UPDATE kuayu_personal_data_state SET locked_until = ?", Timestamp.from(Instant.now().minusSeconds(1)));
        Result second = restarted.run(2, Integer.MAX_VALUE);

        assertThat(second).isEqualTo(new Result(Outcome.DONE, 3, 3));
        assertThat(staleCases()).isZero();
        assertThat(restarted.run(2, Integer.MAX_VALUE)).isEqualTo(new Result(Outcome.UP_TO_DATE, 0, 0));
    }

    @Test
    void twoNodesStartingAtOnceDoNotBothSeal() throws Exception {
        jdbc.update("UPDATE kuayu_personal_data_state SET done_keys = ?", BEFORE_ROTATION);
        for (int i = 0; i < 30; i++) {
            insertCase("A123456789", "王小明");
        }
        PersonalDataSealer one = new PersonalDataSealer(mapper, cipher);
        PersonalDataSealer two = new PersonalDataSealer(mapper, cipher);
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Result> a = CompletableFuture.supplyAsync(() -> await(start, () -> one.run(5, Integer.MAX_VALUE)));
        CompletableFuture<Result> b = CompletableFuture.supplyAsync(() -> await(start, () -> two.run(5, Integer.MAX_VALUE)));
        start.countDown();

        List<Result> results = List.of(a.get(), b.get());

        assertThat(results).extracting(Result::outcome).containsOnlyOnce(Outcome.DONE)
                .allMatch(o -> o == Outcome.DONE || o == Outcome.BUSY || o == Outcome.UP_TO_DATE);
        assertThat(results.stream().mapToLong(Result::rowsWritten).sum()).as("each row sealed once").isEqualTo(30);
        assertThat(staleCases()).isZero();
    }

    private static Result await(CountDownLatch start, java.util.function.Supplier<Result> run) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return run.get();
    }

    private long staleCases() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_case WHERE applicant_id_sealed NOT LIKE 'enc:k2:%' "
                + "OR applicant_id_hash NOT LIKE 's2:%'", Long.class);
    }

    private String caseNo(String id) {
        return jdbc.queryForObject("SELECT case_no FROM kuayu_case WHERE id = ?", String.class, id);
    }

    /** A case as the application stored it before the rotation. */
    private String insertCase(String nationalId, String name) {
        String id = UUID.randomUUID().toString();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO kuayu_case (id, case_no, case_type, owner_agency, status, applicant_id_sealed, applicant_id_hash, "
                + "applicant_id_masked, applicant_name, applicant_name_hash, data_sealed, received_at, due_at, created_by) "
                + "VALUES (?, ?, 'land-value-tax-self-use', 'tpe-tax', 'in-progress', ?, ?, ?, ?, ?, ?, ?, ?, 'seed')",
                id, "114-SEAL-" + id.substring(0, 8), before.seal(nationalId), before.searchHash(nationalId),
                nationalId.substring(0, 3) + "****" + nationalId.substring(7), before.seal(name), before.nameHash(name),
                before.seal("{\"parcelNo\":\"大安區龍泉段二小段0123-0000\"}"), now, now);
        inserted.add(id);
        return id;
    }

    private void insertOpinion(String caseId, String text) {
        jdbc.update("INSERT INTO kuayu_opinion (id, case_id, task_id, step, step_name, agency, user_id, action, opinion, created_at) "
                + "VALUES (?, ?, 'task-1', 'jointReview', '會辦', 'tpe-land', 'land.reviewer', 'approve', ?, ?)",
                UUID.randomUUID().toString(), caseId, before.seal(text), Timestamp.from(Instant.now()));
    }
}
