package tw.kuayu.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;

/**
 * The studio page's own reads over real HTTP: the deploy checks without deploying, and the names a model may
 * use; process owners only. Nothing here deploys, so the shared context stays as it was.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class StudioPageApiTest {

    static final String LAND_TAX = "land-value-tax-self-use";

    @LocalServerPort
    int port;

    @Autowired
    RepositoryService repository;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void theChecksListEveryProblemWithItsElementAndDeployNothing() throws Exception {
        long deployments = repository.createDeploymentQuery().count();
        String model = ProcessDeployApiTest.model(LAND_TAX);

        JsonNode clean = check(model);
        assertThat(clean.path("problems")).isEmpty();

        JsonNode broken = check(model.replace("camunda:candidateGroups=\"${approverGroup}\"", "camunda:candidateGroups=\"tpe-nowhere\"")
                .replace("camunda:formRef=\"land-tax-review\"", "camunda:formRef=\"no-such-form\""));
        assertThat(broken.path("problems")).hasSize(2);
        assertThat(broken.path("problems").findValuesAsText("elementId")).containsExactlyInAnyOrder("approve", "review");
        assertThat(broken.path("problems").findValuesAsText("code")).containsExactlyInAnyOrder("user-task.candidate-group", "user-task.form");
        assertThat(broken.path("problems").findValuesAsText("elementName")).containsExactlyInAnyOrder("核定", "承辦審查");
        assertThat(broken.path("problems").findValuesAsText("message")).anySatisfy(m -> assertThat(m).contains("tpe-nowhere"));

        JsonNode unsafe = check("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><d>&x;</d>");
        assertThat(unsafe.path("problems").findValuesAsText("code")).containsExactly("xml.doctype");

        assertThat(repository.createDeploymentQuery().count()).as("nothing deployed").isEqualTo(deployments);
        Answer empty = api.send("POST", "/api/processes/checks", "owner", new Multipart().text("reason", "x").contentType(),
                new Multipart().text("reason", "x").bytes());
        assertThat(empty.status()).isEqualTo(400);
    }

    @Test
    void theVocabularyNamesTheAgenciesFormsAndSourcesTheChecksAccept() {
        JsonNode words = api.get("/api/processes/vocabulary", "owner").json();

        assertThat(words.path("agencies").findValuesAsText("key")).contains("tpe-tax", "tpe-land", "tpe-fire");
        assertThat(words.path("agencies").findValuesAsText("name")).contains("臺北市稅捐稽徵處");
        assertThat(words.path("forms").toString()).contains("land-tax-review", "joint-review-opinion");
        assertThat(words.path("sources").toString()).contains("household", "land");
        assertThat(words.path("processKeys").toString()).contains(LAND_TAX, "joint-review");
    }

    @Test
    void onlyProcessOwnersReadThem() throws Exception {
        Multipart upload = new Multipart().file("m.bpmn", ProcessDeployApiTest.model(LAND_TAX).getBytes(StandardCharsets.UTF_8));
        for (String user : List.of("tax.clerk", "manager", "auditor")) {
            assertThat(api.get("/api/processes/vocabulary", user).status()).as(user).isEqualTo(403);
            assertThat(api.send("POST", "/api/processes/checks", user, upload.contentType(), upload.bytes()).status()).as(user).isEqualTo(403);
        }
        assertThat(api.get("/api/processes/vocabulary", null).status()).isEqualTo(401);
    }

    private JsonNode check(String xml) {
        Multipart upload = new Multipart().file("model.bpmn", xml.getBytes(StandardCharsets.UTF_8));
        Answer answer = api.send("POST", "/api/processes/checks", "owner", upload.contentType(), upload.bytes());
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }
}
