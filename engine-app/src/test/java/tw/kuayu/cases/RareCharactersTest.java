package tw.kuayu.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.decision.pdf.PdfTools;

/**
 * Names and addresses with characters outside the BMP (𡘙 is common in household registration; 𠮷
 * is not in the UKai font and comes from the fallback font) survive intake, storage (sealed, and
 * the name in clear), the API, the worklist search and the decision PDF unchanged. On PostgreSQL:
 * {@link RareCharactersOnPostgresTest}; the pages: {@code tw.kuayu.browser.RareCharactersPageTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class RareCharactersTest {

    static final String NAME = "王𡘙明";
    static final String PARCEL = "大安區𠮷𡘙段0123-0000";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CaseMapper stored;

    CaseDriver cases;

    @BeforeEach
    void driver() {
        cases = new CaseDriver(port);
    }

    @Test
    void rareCharactersSurviveStorageTheApiAndTheDecision(@TempDir Path dir) throws Exception {
        String id = cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", NAME, Map.of("parcelNo", PARCEL));

        assertThat(jdbc.queryForObject("SELECT applicant_name FROM kuayu_case WHERE id = ?", String.class, id))
                .as("the name is stored sealed").startsWith("enc:").doesNotContain(NAME);
        assertThat(stored.findById(id).applicantName()).isEqualTo(NAME);
        assertThat(stored.findById(id).dataJson()).contains(PARCEL);
        JsonNode view = cases.caseView(id, "tax.clerk");
        assertThat(view.path("applicant").path("name").asText()).isEqualTo(NAME);
        assertThat(view.path("data").path("parcelNo").asText()).isEqualTo(PARCEL);

        JsonNode task = cases.waitForTask(id, "review", "tax.clerk");
        assertThat(task.path("applicantName").asText()).isEqualTo(NAME);
        Answer search = cases.api.get("/api/tasks?q=" + java.net.URLEncoder.encode(NAME, java.nio.charset.StandardCharsets.UTF_8),
                "tax.clerk"); // the whole name, by its keyed hash
        assertThat(search.json().path("items").findValuesAsText("caseId")).contains(id);

        cases.act(id, "review", "tax.clerk", "approve", "經查𡘙字無誤，擬准。");
        cases.waitForTask(id, "approve", "tax.chief");
        cases.act(id, "approve", "tax.chief", "approve", "准。");
        await().atMost(Duration.ofSeconds(60)).until(() -> !cases.caseView(id, "tax.clerk").path("decision").isNull());
        assertThat(cases.caseView(id, "tax.clerk").toString()).contains("經查𡘙字無誤，擬准。");

        Answer pdf = cases.api.get("/api/cases/" + id + "/decision.pdf", "tax.clerk");
        assertThat(pdf.status()).isEqualTo(200);
        Path file = Files.write(dir.resolve("decision.pdf"), pdf.body());
        PdfTools.Result text = PdfTools.run("pdftotext", file.toString(), "-");
        assertThat(text.exitCode()).isZero();
        assertThat(text.output()).contains(NAME).contains(PARCEL).doesNotContain("□");
    }
}
