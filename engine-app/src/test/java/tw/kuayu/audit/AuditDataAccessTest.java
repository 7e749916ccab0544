package tw.kuayu.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.audit.DataAccessLogMapper.DataAccessEntry;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;

/** The auditor's view of the data-access log over real HTTP: the hash chain, searches and the CSV export. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class AuditDataAccessTest {

    static final String VERIFY = "/api/audit/data-access/verify";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataAccessLog accessLog;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** Files a land-value-tax case and waits until both of its lookups are logged. */
    String fileCaseAndWaitForLookups(String nationalId, String name) {
        Answer filed = api.postJson("/api/cases", "tax.clerk", Map.of("caseType", "land-value-tax-self-use",
                "applicant", Map.of("nationalId", nationalId, "name", name), "data", Map.of("parcelNo", "大安區龍泉段二小段0123-0000")));
        assertThat(filed.status()).as(filed.text()).isEqualTo(201);
        String id = filed.json().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/audit/data-access?caseId=" + id, "auditor").json().size() == 2);
        return id;
    }

    JsonNode verify() {
        Answer answer = api.get(VERIFY, "auditor");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void theChainVerifiesAndATamperedEntryIsReported() {
        String caseId = fileCaseAndWaitForLookups("A123456789", "王小明");
        JsonNode intact = verify();
        assertThat(intact.path("valid").asBoolean()).as(intact.toString()).isTrue();
        assertThat(intact.path("entries").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(intact.path("firstBrokenEntry").isNull()).isTrue();
        assertThat(api.get(VERIFY, "tax.clerk").status()).isEqualTo(403);

        String id = jdbc.queryForObject("SELECT id FROM kuayu_data_access_log WHERE case_id = ? ORDER BY seq FETCH FIRST 1 ROWS ONLY",
                String.class, caseId);
        String purpose = jdbc.queryForObject("SELECT purpose FROM kuayu_data_access_log WHERE id = ?", String.class, id);
        jdbc.update("UPDATE kuayu_data_access_log SET purpose = ? WHERE id = ?", "行銷用途", id);
        try {
            JsonNode tampered = verify();
            assertThat(tampered.path("valid").asBoolean()).isFalse();
            assertThat(tampered.path("firstBrokenEntry").asText()).isEqualTo(id);
            assertThat(tampered.path("reason").asText()).contains("竄改");
        } finally {
            jdbc.update("UPDATE kuayu_data_access_log SET purpose = ? WHERE id = ?", purpose, id);
        }
        assertThat(verify().path("valid").asBoolean()).as("restored").isTrue();

        // an entry slipped in with plain SQL is outside the chain
        String forged = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO kuayu_data_access_log (id, occurred_at, case_id, case_no, user_id, agency, applicant_masked, source, "
                + "record_type, fields, purpose, legal_basis, outcome, latency_ms) VALUES (?, CURRENT_TIMESTAMP, ?, 'X', 'x', 'x', "
                + "'A12****789', 'household', 'x', 'x', 'x', 'x', 'found', 1)", forged, caseId);
        try {
            JsonNode slipped = verify();
            assertThat(slipped.path("valid").asBoolean()).isFalse();
            assertThat(slipped.path("firstBrokenEntry").asText()).isEqualTo(forged);
        } finally {
            jdbc.update("DELETE FROM kuayu_data_access_log WHERE id = ?", forged);
        }
        assertThat(verify().path("valid").asBoolean()).isTrue();
    }

    @Test
    void concurrentAppendsNeverForkTheChain() throws Exception {
        long before = verify().path("lastSeq").asLong();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                done.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < 15; i++) {
                        accessLog.append(new DataAccessEntry(UUID.randomUUID().toString(), Instant.now(), "chain-test", "chain-test",
                                "tax.clerk", "tpe-tax", "A12****789", "household", "household-registration", "registeredAddress",
                                "並行寫入測試", "土地稅法第9條", DataAccessLog.FAILED, "", 3)); // "" is stored as null, as Oracle would
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        JsonNode after = verify();
        assertThat(after.path("valid").asBoolean()).as(after.toString()).isTrue();
        assertThat(after.path("lastSeq").asLong()).isEqualTo(before + 90);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT prev_hash) FROM kuayu_data_access_log WHERE case_id = 'chain-test'",
                Long.class)).as("no two entries follow the same one").isEqualTo(90);
    }

    @Test
    void searchesByApplicantUserAgencyAndTimeShowTheApplicantMaskedOnly(CapturedOutput output) {
        Instant start = Instant.now().minusSeconds(1);
        String caseId = fileCaseAndWaitForLookups("A123456789", "王小明");

        Answer byApplicant = api.get("/api/audit/data-access?applicant=A123456789&from=" + start, "auditor");
        assertThat(byApplicant.status()).as(byApplicant.text()).isEqualTo(200);
        assertThat(byApplicant.json()).anySatisfy(e -> assertThat(e.path("caseId").asText()).isEqualTo(caseId));
        assertThat(byApplicant.json()).allSatisfy(e -> assertThat(e.path("applicantMasked").asText()).isEqualTo("A12****789"));
        assertThat(byApplicant.text()).doesNotContain("A123456789");
        assertThat(api.get("/api/audit/data-access?applicant=B234567890&from=" + start, "auditor").json())
                .noneSatisfy(e -> assertThat(e.path("caseId").asText()).isEqualTo(caseId));

        Answer page = api.get("/api/audit/data-access?user=tax.clerk&agency=tpe-tax&from=" + start + "&size=1&page=0", "auditor");
        assertThat(page.json()).hasSize(1);
        assertThat(Long.parseLong(page.headers().firstValue("X-Total-Count").orElseThrow())).isGreaterThanOrEqualTo(2);
        assertThat(api.get("/api/audit/data-access?user=udd.clerk&from=" + start, "auditor").json())
                .noneSatisfy(e -> assertThat(e.path("caseId").asText()).isEqualTo(caseId));
        assertThat(api.get("/api/audit/data-access?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z", "auditor").json()).isEmpty();

        // compatibility: a case's lookups, whole, as before
        JsonNode byCase = api.get("/api/audit/data-access?caseId=" + caseId, "auditor").json();
        assertThat(byCase).hasSize(2);
        assertThat(byCase.get(0).fieldNames()).toIterable().containsExactly("id", "occurredAt", "caseId", "caseNo", "userId", "agency",
                "applicantMasked", "source", "recordType", "fields", "purpose", "legalBasis", "outcome", "detail", "latencyMs");

        assertThat(output.getAll()).doesNotContain("A123456789");
    }

    @Test
    void aSearchWithoutCriteriaOrWithBadOnesIsAProblemInChinese() {
        Answer none = api.get("/api/audit/data-access", "auditor");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.json().path("detail").asText()).contains("請至少指定一個查詢條件");

        assertThat(api.get("/api/audit/data-access?from=yesterday", "auditor").json().path("detail").asText()).contains("ISO 8601");
        Answer badId = api.get("/api/audit/data-access?applicant=A12345", "auditor");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.text()).contains("身分證統一編號").doesNotContain("A12345\"");
        assertThat(api.get("/api/audit/data-access?caseId=x&size=5000", "auditor").status()).isEqualTo(400);
        assertThat(api.get("/api/audit/data-access?caseId=x", "tax.chief").status()).isEqualTo(403);
        assertThat(api.get("/api/audit/data-access?caseId=no-such-case", "auditor").json()).isEmpty();
    }

    @Test
    void csvExportOpensInExcelWithChinese() {
        String caseId = fileCaseAndWaitForLookups("A123456789", "王小明");
        for (Answer csv : List.of(api.get("/api/audit/data-access?format=csv&caseId=" + caseId, "auditor"),
                api.send("GET", "/api/audit/data-access?caseId=" + URLEncoder.encode(caseId, StandardCharsets.UTF_8), "auditor", null, null,
                        "Accept", "text/csv"))) {
            assertThat(csv.status()).as(csv.text()).isEqualTo(200);
            assertThat(csv.contentType()).startsWith("text/csv");
            assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
            assertThat(csv.body()[0]).isEqualTo((byte) 0xEF);
            assertThat(csv.body()[1]).isEqualTo((byte) 0xBB);
            assertThat(csv.body()[2]).isEqualTo((byte) 0xBF);
            String[] lines = csv.text().substring(1).split("\r\n");
            assertThat(lines).hasSize(3);
            assertThat(lines[0]).startsWith("序號 seq,").contains("查詢目的 purpose");
            assertThat(lines[1]).contains(caseId, "A12****789", "審查地價稅自用住宅用地", "土地稅法第9條", "found");
            assertThat(csv.text()).doesNotContain("A123456789");
        }
    }
}
