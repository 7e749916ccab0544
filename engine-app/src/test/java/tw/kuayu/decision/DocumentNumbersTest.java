package tw.kuayu.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;
import tw.kuayu.cases.CaseDriver;

/**
 * Document numbers are reserved per case in their own short transaction (decision 036): a decision job
 * that fails after numbering (its transaction rolls back) finds its number again when retried, so the
 * agency's numbers stay without gaps; a number a decision carries is not given out again; and a real
 * decision carries the number reserved for its case.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class DocumentNumbersTest {

    // an agency code of its own: no other test numbers in this counter
    static final String AGENCY = "T" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    static final String PREFIX = "測" + AGENCY + "字"; // document numbers are unique across agencies: each has its prefix

    @LocalServerPort
    int port;
    @Autowired
    DocumentNumbers numbers;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void aRolledBackAttemptFindsItsNumberAgainAndTheNextCaseGetsTheNextOne() {
        String failing = UUID.randomUUID().toString();
        String first = transactions.execute(status -> {
            String n = numbers.forDecision(failing, AGENCY, PREFIX);
            status.setRollbackOnly(); // the decision job failed after numbering
            return n;
        });
        assertThat(first).startsWith(PREFIX + "第").endsWith("0000001號");
        assertThat(numbers.forDecision(failing, AGENCY, PREFIX)).as("the retry").isEqualTo(first);
        assertThat(numbers.forDecision(failing, AGENCY, PREFIX)).as("and again, until a decision carries it").isEqualTo(first);

        String next = numbers.forDecision(UUID.randomUUID().toString(), AGENCY, PREFIX);
        assertThat(next).as("no gap: the failed case keeps 1").endsWith("0000002號");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_document_no WHERE agency_code = ?", Integer.class, AGENCY))
                .isEqualTo(2);

        // auditors see both as reserved and not (yet) used; others may not look
        tw.kuayu.cases.ApiClient api = new tw.kuayu.cases.ApiClient(port);
        JsonNode unused = api.get("/api/audit/document-numbers/unused", "auditor").json();
        java.util.List<String> listed = new java.util.ArrayList<>();
        unused.forEach(u -> listed.add(u.path("documentNo").asText()));
        assertThat(listed).contains(first, next);
        assertThat(api.get("/api/audit/document-numbers/unused", "tax.chief").status()).isEqualTo(403);
    }

    @Test
    void anotherDecisionOfTheAgencyIsNumberedWhileTheFirstIsStillBeingSigned() throws Exception {
        String agency = "S" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        java.util.concurrent.CountDownLatch numbered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch signed = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService job = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<String> first = job.submit(() -> transactions.execute(status -> {
                String n = numbers.forDecision(UUID.randomUUID().toString(), agency, "測" + agency + "字");
                numbered.countDown();
                try {
                    signed.await(); // rendering and signing, with the job's transaction open
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return n;
            }));
            assertThat(numbered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // before decision 036 this waited for the first job's commit (the counter row stayed locked)
            String second = numbers.forDecision(UUID.randomUUID().toString(), agency, "測" + agency + "字");
            signed.countDown();
            assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS)).endsWith("0000001號");
            assertThat(second).endsWith("0000002號");
        } finally {
            signed.countDown();
            job.shutdownNow();
        }
    }

    @Test
    void aDecisionCarriesItsCasesReservationAndANumberInUseIsNotGivenAgain() {
        CaseDriver cases = new CaseDriver(port);
        String id = cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明",
                Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
        cases.waitForTask(id, "review", "tax.clerk");
        cases.act(id, "review", "tax.clerk", "approve", "符合規定。");
        cases.waitForTask(id, "approve", "tax.chief");
        cases.act(id, "approve", "tax.chief", "approve", "准予核定。");
        JsonNode closed = cases.waitUntilClosed(id, "tax.clerk");
        String documentNo = closed.path("decision").path("documentNo").asText();

        assertThat(documentNo).startsWith("北市稽財字第");
        assertThat(jdbc.queryForObject("SELECT document_no FROM kuayu_document_no WHERE case_id = ?", String.class, id))
                .isEqualTo(documentNo);
        String another = numbers.forDecision(id, "TAX", "北市稽財字");
        assertThat(another).as("the case's reservation is used: a new decision of the case gets a new number")
                .isNotEqualTo(documentNo).startsWith("北市稽財字第");

        JsonNode unused = new tw.kuayu.cases.ApiClient(port).get("/api/audit/document-numbers/unused", "auditor").json();
        java.util.List<String> listed = new java.util.ArrayList<>();
        unused.forEach(u -> {
            listed.add(u.path("documentNo").asText());
            if (u.path("documentNo").asText().equals(another)) {
                assertThat(u.path("caseNo").asText()).as("with its case").isNotBlank();
                assertThat(u.path("caseStatus").asText()).isEqualTo("approved");
            }
        });
        assertThat(listed).as("a number a decision carries is not unused").doesNotContain(documentNo).contains(another);
    }
}
