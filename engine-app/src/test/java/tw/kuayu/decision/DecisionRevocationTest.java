package tw.kuayu.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.cases.CaseStatus;
import tw.kuayu.cases.Counters;
import tw.kuayu.decision.DecisionMapper.DecisionInfo;

/** Revocation (撤銷) of an issued decision through the API, and how verification reports it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "kuayu.case-types.land-value-tax-self-use.co-signing.agencies=tpe-social")
@ActiveProfiles({"demo", "test"})
class DecisionRevocationTest {

    static final String REASON = "申請人提出之自用住宅證明文件經查與事實不符。";

    @LocalServerPort
    int port;

    @Autowired
    DecisionIssuer issuer;
    @Autowired
    DecisionMapper decisions;
    @Autowired
    CaseMapper cases;
    @Autowired
    Counters counters;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** A land-value-tax case of tpe-tax, co-signed by tpe-social, with its decision issued. */
    DecisionInfo issued() {
        String id = newCase();
        issuer.issue(id, true, null);
        return issuer.coSign(id, "tpe-social");
    }

    String newCase() {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        cases.insert(new CaseRecord(id, counters.nextCaseNo("TAX"), "land-value-tax-self-use", "tpe-tax", CaseStatus.IN_PROGRESS,
                "A123456789", "王小明", "{}", null, now, now.plus(Duration.ofDays(20)), null, "tax.clerk", null, null));
        return id;
    }

    Answer revoke(String documentNo, String user, Object body) {
        return api.postJson("/api/decisions/" + URLEncoder.encode(documentNo, StandardCharsets.UTF_8) + "/revoke", user, body);
    }

    JsonNode verify(byte[] pdf) {
        Answer a = api.send("POST", "/api/decisions/verify", null, "application/pdf", pdf);
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a.json();
    }

    @Test
    void theDecidingAgencysApproverRevokesAndVerificationThenSaysWhenAndWhy() {
        DecisionInfo d = issued();
        byte[] pdf = decisions.pdfById(d.id()).pdf();
        JsonNode before = verify(pdf);
        assertThat(before.path("valid").asBoolean()).as(before.toString()).isTrue();
        assertThat(before.path("revoked").asBoolean()).isFalse();
        assertThat(before.path("revokedAt").isNull()).isTrue();

        Answer answer = revoke(d.documentNo(), "tax.chief", Map.of("reason", REASON));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().path("status").asText()).isEqualTo("revoked");
        assertThat(answer.json().path("reason").asText()).isEqualTo(REASON);

        DecisionInfo stored = decisions.findById(d.id());
        assertThat(stored.status()).isEqualTo(DecisionStatus.REVOKED);
        assertThat(stored.sha256()).as("the file itself is unchanged").isEqualTo(d.sha256());
        DecisionMapper.Revocation r = decisions.revocation(d.id());
        assertThat(r.revokedBy()).isEqualTo("tax.chief");
        assertThat(r.reason()).isEqualTo(REASON);
        assertThat(r.revokedAt()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(Duration.ofMinutes(1)));

        JsonNode after = verify(pdf);
        assertThat(after.path("valid").asBoolean()).isFalse();
        assertThat(after.path("status").asText()).isEqualTo("revoked");
        assertThat(after.path("revoked").asBoolean()).isTrue();
        assertThat(after.path("revocationReason").asText()).isEqualTo(REASON);
        assertThat(Instant.parse(after.path("revokedAt").asText())).isEqualTo(r.revokedAt());
        assertThat(after.path("modifiedAfterSigning").asBoolean()).isFalse();
        assertThat(after.path("signatures")).hasSize(2)
                .allSatisfy(s -> assertThat(s.path("valid").asBoolean()).as("still cryptographically valid").isTrue());
        String rocToday = tw.kuayu.decision.pdf.DecisionPdfRenderer.rocDate(r.revokedAt().atZone(Counters.TAIPEI).toLocalDate());
        assertThat(after.path("problems")).singleElement()
                .satisfies(p -> assertThat(p.asText()).contains("已於" + rocToday + "撤銷", "撤銷理由：" + REASON));

        String page = api.get("/verify?documentNo=" + URLEncoder.encode(d.documentNo(), StandardCharsets.UTF_8), null).text();
        assertThat(page).contains("已撤銷", rocToday, REASON).doesNotContain("tax.chief");

        Answer download = api.get("/api/cases/" + d.caseId() + "/decision.pdf", "tax.clerk");
        assertThat(download.status()).as("a revoked decision stays on file, byte-identical").isEqualTo(200);
        assertThat(DecisionIssuer.sha256(download.body())).isEqualTo(d.sha256());
    }

    @Test
    void onlyTheDecidingAgencysApproversMayRevoke() {
        DecisionInfo d = issued();
        for (String user : new String[] {"tax.clerk", "social.chief", "udd.chief"}) {
            Answer a = revoke(d.documentNo(), user, Map.of("reason", REASON));
            assertThat(a.status()).as(user + ": " + a.text()).isEqualTo(403);
            assertThat(a.contentType()).startsWith("application/problem+json");
            assertThat(a.json().path("detail").asText()).contains("臺北市稅捐稽徵處", "核定人員");
        }
        assertThat(revoke(d.documentNo(), null, Map.of("reason", REASON)).status()).isEqualTo(401);
        assertThat(decisions.findById(d.id()).status()).isEqualTo(DecisionStatus.ISSUED);
    }

    @Test
    void unknownDocumentMissingReasonAndWrongStatusAreProblems() {
        Answer unknown = revoke("北市稽財字第9999999999號", "tax.chief", Map.of("reason", REASON));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("detail").asText()).contains("查無發文字號");

        DecisionInfo d = issued();
        for (Object body : new Object[] {Map.of(), Map.of("reason", "  "), "{\"reason\": null}"}) {
            Answer a = revoke(d.documentNo(), "tax.chief", body);
            assertThat(a.status()).as(a.text()).isEqualTo(400);
            assertThat(a.json().path("detail").asText()).contains("撤銷理由");
        }
        assertThat(revoke(d.documentNo(), "tax.chief", Map.of("reason", REASON)).status()).isEqualTo(200);
        Answer again = revoke(d.documentNo(), "tax.chief", Map.of("reason", "再次撤銷"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("detail").asText()).contains("已撤銷");
        assertThat(decisions.revocation(d.id()).reason()).as("the first reason stands").isEqualTo(REASON);

        DecisionInfo draft = issuer.issue(newCase(), true, null);
        Answer notIssued = revoke(draft.documentNo(), "tax.chief", Map.of("reason", REASON));
        assertThat(notIssued.status()).as(notIssued.text()).isEqualTo(409);
        assertThat(notIssued.json().path("detail").asText()).contains("尚未生效", "尚待會銜機關簽署");
        assertThat(decisions.findById(draft.id()).status()).isEqualTo(DecisionStatus.CO_SIGNING);
    }

    @Test
    void aRevocationIsAnEntryOfTheHashChainedAuditLogThatAuditorsSeeAndFilter() {
        DecisionInfo d = issued();
        String caseNo = cases.findById(d.caseId()).caseNo();
        assertThat(revoke(d.documentNo(), "tax.chief", Map.of("reason", REASON)).status()).isEqualTo(200);
        Instant revokedAt = decisions.revocation(d.id()).revokedAt();

        Answer found = api.get("/api/audit/events?caseId=" + d.caseId(), "auditor");
        assertThat(found.status()).as(found.text()).isEqualTo(200);
        assertThat(found.headers().firstValue("X-Total-Count")).hasValue("1");
        JsonNode e = found.json().get(0);
        assertThat(e.path("type").asText()).isEqualTo("decision-revoked");
        assertThat(e.path("userId").asText()).isEqualTo("tax.chief");
        assertThat(e.path("agency").asText()).isEqualTo("tpe-tax");
        assertThat(e.path("caseNo").asText()).isEqualTo(caseNo);
        assertThat(e.path("subject").asText()).isEqualTo(d.documentNo());
        assertThat(e.path("detail").asText()).isEqualTo(REASON);
        assertThat(Instant.parse(e.path("occurredAt").asText())).isEqualTo(revokedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(e.path("entryHash").asText()).hasSize(64);

        String byUserAndType = "/api/audit/events?type=decision-revoked&user=tax.chief&from=" + revokedAt.minusSeconds(1);
        assertThat(api.get(byUserAndType, "auditor").json()).anySatisfy(x -> assertThat(x.path("subject").asText()).isEqualTo(d.documentNo()));
        assertThat(api.get("/api/audit/events?caseId=" + d.caseId() + "&user=tax.clerk", "auditor").json()).isEmpty();
        assertThat(api.get("/api/audit/events?caseId=" + d.caseId() + "&format=csv", "auditor").text())
                .contains("decision-revoked", d.documentNo(), REASON);

        Answer chain = api.get("/api/audit/events/verify", "auditor");
        assertThat(chain.status()).isEqualTo(200);
        assertThat(chain.json().path("valid").asBoolean()).as(chain.text()).isTrue();
        assertThat(chain.json().path("entries").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(api.get("/api/audit/data-access/verify", "auditor").json().path("valid").asBoolean())
                .as("the data-access chain is untouched").isTrue();

        // the reason rewritten by hand: the chain check names the entry
        jdbc.update("UPDATE kuayu_audit_event SET detail = ? WHERE id = ?", "誤植", e.path("id").asText());
        try {
            JsonNode tampered = api.get("/api/audit/events/verify", "auditor").json();
            assertThat(tampered.path("valid").asBoolean()).isFalse();
            assertThat(tampered.path("firstBrokenEntry").asText()).isEqualTo(e.path("id").asText());
            assertThat(tampered.path("reason").asText()).contains("竄改");
        } finally {
            jdbc.update("UPDATE kuayu_audit_event SET detail = ? WHERE id = ?", REASON, e.path("id").asText());
        }
        assertThat(api.get("/api/audit/events/verify", "auditor").json().path("valid").asBoolean()).isTrue();

        assertThat(api.get("/api/audit/events?caseId=" + d.caseId(), "tax.chief").status()).as("auditors only").isEqualTo(403);
    }

    @Test
    void aRefusedRevocationLeavesNoAuditEntry() {
        DecisionInfo d = issued();
        assertThat(revoke(d.documentNo(), "tax.clerk", Map.of("reason", REASON)).status()).isEqualTo(403);
        assertThat(revoke(d.documentNo(), "tax.chief", Map.of()).status()).isEqualTo(400);
        assertThat(api.get("/api/audit/events?caseId=" + d.caseId(), "auditor").json()).isEmpty();
    }
}
