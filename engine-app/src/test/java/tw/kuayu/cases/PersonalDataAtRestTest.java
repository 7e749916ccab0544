package tw.kuayu.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.notification.ChangeNotificationMapper;
import tw.kuayu.notification.ChangeNotificationMapper.ConsentRow;
import tw.kuayu.security.AuthorizationMatrixTest;

/**
 * Personal data at rest (docs/decisions/022-personal-data-encryption.md): after a whole land-tax
 * case, no table of the database — Kuayu's or the engine's — holds the applicant's national ID, the
 * fetched address or the application's parcel number in clear, while the API still shows them and
 * every lookup by national ID (status page, audit filter, worklist search) still finds the case.
 * The same test runs on PostgreSQL ({@link PersonalDataAtRestOnPostgresTest}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "kuayu.test.context=personal-data-at-rest") // a database of its own: the scan sees only this test's data
@ActiveProfiles({"demo", "test"})
class PersonalDataAtRestTest {

    static final String NATIONAL_ID = "A123456789";
    /** From the household and land stand-in records of A123456789. */
    static final String ADDRESS = "和平東路二段106號";
    static final String PARCEL = "龍泉段二小段0123-0000";
    /** Sealed too (decision 033). */
    static final String NAME = "王小明";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    ChangeNotificationMapper notifications;

    CaseDriver cases;

    @BeforeEach
    void driver() {
        cases = new CaseDriver(port);
    }

    @Test
    void noTableHoldsTheNationalIdOrTheFetchedRecordsInClear() throws Exception {
        String id = cases.file("tax.clerk", "land-value-tax-self-use", NATIONAL_ID, NAME, Map.of("parcelNo", "大安區" + PARCEL));
        cases.waitForTask(id, "review", "tax.clerk");
        JsonNode view = cases.caseView(id, "tax.clerk");
        assertThat(view.path("applicant").path("nationalId").asText()).isEqualTo("A12****789");
        assertThat(view.path("data").path("parcelNo").asText()).isEqualTo("大安區" + PARCEL);
        assertThat(view.path("evidence").toString()).contains(ADDRESS);
        cases.act(id, "review", "tax.clerk", "approve", "經查設籍及地籍資料均符合，擬准。");
        cases.waitForTask(id, "approve", "tax.chief");
        cases.act(id, "approve", "tax.chief", "approve", "准。");
        cases.waitUntilClosed(id, "tax.clerk");

        Map<String, Object> stored = jdbc.queryForMap("SELECT applicant_national_id, applicant_id_sealed, applicant_id_hash, "
                + "applicant_id_masked, data_json, data_sealed FROM kuayu_case WHERE id = ?", id);
        assertThat(stored.get("applicant_national_id")).isNull();
        assertThat(stored.get("data_json")).isNull();
        assertThat((String) stored.get("applicant_id_sealed")).startsWith("enc:demo-1:");
        assertThat(String.valueOf(stored.get("data_sealed"))).startsWith("enc:demo-1:");
        assertThat((String) stored.get("applicant_id_hash")).matches("search:[0-9a-f]{64}");
        assertThat(stored.get("applicant_id_masked")).isEqualTo("A12****789");
        List<Map<String, Object>> evidence = jdbc.queryForList("SELECT data_json, data_sealed FROM kuayu_evidence WHERE case_id = ?", id);
        assertThat(evidence).hasSize(2).allSatisfy(e -> {
            assertThat(e.get("data_json")).isNull();
            assertThat(String.valueOf(e.get("data_sealed"))).startsWith("enc:demo-1:");
        });

        // the connectors' tables (changelog 016): a matching job of the same person and a consent statement with the address
        notifications.insertConsent(new ConsentRow(id, true, "同意通報，通訊地址：" + ADDRESS, "tax.clerk", Instant.now()));
        assertThat(cases.api.get("/api/cases/" + id + "/notifications", "tax.clerk").json().path("consent").path("statement").asText())
                .contains(ADDRESS);
        Answer submitted = cases.api.send("POST", "/api/matching-jobs", "social.reviewer", "multipart/form-data; boundary=x",
                AuthorizationMatrixTest.MATCHING_JOB.getBytes(StandardCharsets.UTF_8));
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(201);
        String job = submitted.json().path("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> cases.api.get("/api/matching-jobs/" + job, "social.reviewer").json()
                .path("state").asText(), "completed"::equals);
        Map<String, Object> item = jdbc.queryForMap("SELECT national_id, data_json FROM kuayu_matching_item WHERE job_id = ?", job);
        assertThat((String) item.get("national_id")).startsWith("enc:demo-1:");
        if (item.get("data_json") != null) { // the welfare office's answer, if it has a record of the person
            assertThat(String.valueOf(item.get("data_json"))).startsWith("enc:demo-1:");
        }
        assertThat(cases.api.get("/api/matching-jobs/" + job + "/result.csv", "social.reviewer").text()).contains("A12****789");
        assertThat((String) jdbc.queryForObject("SELECT statement FROM kuayu_notification_consent WHERE case_id = ?", String.class, id))
                .startsWith("enc:demo-1:");

        assertThat(DatabaseScan.find(dataSource, NATIONAL_ID, ADDRESS, PARCEL, NAME)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT opinion FROM kuayu_opinion WHERE case_id = ? AND opinion IS NOT NULL "
                + "ORDER BY created_at FETCH FIRST 1 ROWS ONLY", String.class, id)).startsWith("enc:demo-1:");
        assertThat(view.path("applicant").path("name").asText()).isEqualTo(NAME);
        // the scan does find what is stored in clear on purpose, so an empty result means something
        assertThat(DatabaseScan.find(dataSource, "A12****789")).isNotEmpty();
    }

    @Test
    void everyLookupByNationalIdStillFindsTheCase() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        String id = cases.file("tax.clerk", "land-value-tax-self-use", NATIONAL_ID, "王小明", Map.of("parcelNo", "大安區" + PARCEL));
        JsonNode task = cases.waitForTask(id, "review", "tax.clerk");
        String caseNo = task.path("caseNo").asText();
        assertThat(task.path("applicantNationalId").asText()).isEqualTo("A12****789");

        Answer status = cases.api.postJson("/api/public/case-status", null, Map.of("caseNo", caseNo, "nationalId", "a123456789"));
        assertThat(status.status()).as(status.text()).isEqualTo(200);
        assertThat(status.json().path("caseNo").asText()).isEqualTo(caseNo);
        Answer otherId = cases.api.postJson("/api/public/case-status", null, Map.of("caseNo", caseNo, "nationalId", "B234567890"));
        assertThat(otherId.status()).isEqualTo(404);

        Answer audit = cases.api.get("/api/audit/data-access?applicant=a123456789&from=" + start, "auditor");
        assertThat(audit.status()).as(audit.text()).isEqualTo(200);
        assertThat(audit.text()).contains(id);
        assertThat(cases.api.get("/api/audit/data-access?applicant=B234567890&from=" + start, "auditor").text()).doesNotContain(id);

        assertThat(worklistCaseIds("A123456789")).contains(id);
        assertThat(worklistCaseIds("a123456789")).contains(id);
        assertThat(worklistCaseIds("B234567890")).doesNotContain(id);
    }

    private List<String> worklistCaseIds(String q) {
        Answer answer = cases.api.get("/api/tasks?size=200&q=" + q, "tax.clerk");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json().path("items").findValuesAsText("caseId");
    }
}
