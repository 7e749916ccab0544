package tw.kuayu.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.kuayu.browser.Browser;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseDriver;

/**
 * OpenID Connect against a real provider in the same JVM ({@link OpenIdProvider}, Spring Authorization
 * Server): staff sign in to the pages through it (in a browser and over HTTP), its access tokens call
 * {@code /api}, its agency and groups claims decide what they see, and tokens that are foreign, expired or
 * for another audience are refused. Form login and HTTP Basic keep working beside it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kuayu.security.oidc.enabled=true", "kuayu.security.oidc.client-id=" + OpenIdProvider.CLIENT_ID,
        "kuayu.security.oidc.client-secret=" + OpenIdProvider.CLIENT_SECRET,
        "kuayu.security.oidc.group-mapping.[379100000G]=tpe-tax"})
@ActiveProfiles({"demo", "test"})
class OidcSignInTest {

    static final OpenIdProvider PROVIDER = OpenIdProvider.start();
    static final String LAND_TAX = "land-value-tax-self-use";

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("kuayu.security.oidc.issuer-uri", PROVIDER::issuer);
    }

    @AfterAll
    static void stop() {
        PROVIDER.close();
    }

    @LocalServerPort
    int port;

    CaseDriver cases;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void setUp() {
        cases = new CaseDriver(port);
        PROVIDER.allowRedirect(redirectUri());
    }

    String redirectUri() {
        return "http://localhost:" + port + "/login/oauth2/code/oidc";
    }

    URI kuayu(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** A land-tax case of tpe-tax and a housing case of tpe-udd, both waiting for their agency's review. */
    String[] twoAgenciesCases() {
        String tax = cases.file("tax.clerk", LAND_TAX, "A123456789", "王小明", Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
        String udd = cases.file("udd.clerk", "public-housing-low-income", "A123456789", "王小明",
                Map.of("housingProject", "興隆公共住宅二區", "unitType", "二房型"));
        cases.waitForTask(tax, "review", "tax.clerk");
        cases.waitForTask(udd, "review", "udd.clerk");
        return new String[] {tax, udd};
    }

    @Test
    void aCaseworkerSignsInThroughTheProviderInABrowserAndSeesOnlyTheirAgencysCases() {
        String[] ids = twoAgenciesCases();
        String taxNo = cases.caseView(ids[0], "tax.clerk").path("caseNo").asText();
        String uddNo = cases.caseView(ids[1], "udd.clerk").path("caseNo").asText();
        try (Browser browser = Browser.start(port)) {
            browser.open("/worklist");
            browser.waitFor(ExpectedConditions.urlToBe(browser.url("/login")));
            assertThat(browser.find(By.cssSelector("form[action='/login']")).isDisplayed()).as("form login stays the default").isTrue();
            browser.click(browser.find(By.id("sso")));
            browser.waitFor(ExpectedConditions.urlContains(PROVIDER.issuer() + "/login"));
            browser.type(By.id("username"), "sso.tax.clerk");
            browser.type(By.id("password"), OpenIdProvider.PASSWORD);
            browser.click(browser.find(By.cssSelector("button[type=submit]")));
            // back at the page first asked for, signed in as the provider's user with the agency of its claim
            browser.waitFor(ExpectedConditions.urlMatches("^" + java.util.regex.Pattern.quote(browser.url("/worklist")) + "(\\?continue)?$"));
            browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("tasks"), taxNo));
            assertThat(browser.find(By.id("tasks")).getText()).contains("王小明", "A12****789").doesNotContain(uddNo);
            browser.open("/worklist/cases/" + ids[1]);
            browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "查無此案件"));
            browser.open("/");
            assertThat(browser.find(By.tagName("main")).getText()).contains("您好，sso.tax.clerk");
        }
    }

    @Test
    void theAuthorizationCodeFlowSignsThePagesInWithAMappedAgencyCodeAndANewSessionId() throws Exception {
        String[] ids = twoAgenciesCases();
        OidcVisitor visitor = new OidcVisitor();
        HttpResponse<String> login = visitor.go(kuayu("/oauth2/authorization/oidc"));
        assertThat(login.uri().toString()).startsWith(PROVIDER.issuer() + "/login");
        String before = visitor.cookie("localhost", "JSESSIONID");
        assertThat(before).as("the sign-in request is kept in Kuayu's session").isNotNull();

        HttpResponse<String> home = visitor.signIn(login, "sso.tax.chief", OpenIdProvider.PASSWORD, u -> false);
        assertThat(home.statusCode()).as(home.uri() + " " + home.body()).isEqualTo(200);
        assertThat(home.body()).contains("您好，sso.tax.chief");
        assertThat(visitor.cookie("localhost", "JSESSIONID")).as("session fixation: a new id at sign-in").isNotEqualTo(before);

        // the page session reaches the API: agency code 379100000G is mapped to tpe-tax, tpe-tax.approver comes as a group
        HttpResponse<String> tasks = visitor.send(HttpRequest.newBuilder(kuayu("/api/tasks?size=200")).GET().build());
        assertThat(tasks.statusCode()).isEqualTo(200);
        assertThat(tasks.body()).contains(ids[0]).doesNotContain(ids[1]);

        // CSRF as for form login: a state-changing call riding on the session cookie needs the page's token
        HttpResponse<String> noToken = visitor.send(HttpRequest.newBuilder(kuayu("/api/cases"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(noToken.statusCode()).isEqualTo(403);

        // signing out ends Kuayu's session and sends the browser on to end the provider's too
        HttpResponse<String> out = visitor.send(HttpRequest.newBuilder(kuayu("/logout"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(OidcVisitor.form(Map.of("_csrf", OidcVisitor.csrf(home.body()))))).build());
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(OidcVisitor.location(out).toString()).startsWith(PROVIDER.issuer() + "/connect/logout?")
                .contains("id_token_hint=", "post_logout_redirect_uri=");
        assertThat(visitor.send(HttpRequest.newBuilder(kuayu("/api/tasks")).GET().build()).statusCode()).isEqualTo(401);
    }

    @Test
    void aBearerTokenFromTheProviderCallsTheApiAndBasicStillWorks() throws Exception {
        String[] ids = twoAgenciesCases();
        String token = accessToken("sso.tax.clerk");
        Answer tasks = bearer(token, "GET", "/api/tasks?size=200", null);
        assertThat(tasks.status()).as(tasks.text()).isEqualTo(200);
        assertThat(tasks.text()).contains(ids[0]).doesNotContain(ids[1]);
        assertThat(bearer(token, "GET", "/api/cases/" + ids[1], null).status()).as("another agency's case").isEqualTo(404);

        Answer filed = bearer(token, "POST", "/api/cases", Map.of("caseType", LAND_TAX,
                "applicant", Map.of("nationalId", "A123456789", "name", "王小明"), "data", Map.of("parcelNo", "大安區龍泉段二小段0456-0000")));
        assertThat(filed.status()).as(filed.text()).isEqualTo(201);
        assertThat(bearer(accessToken("sso.udd.clerk"), "GET", "/api/cases/" + filed.json().path("id").asText(), null).status())
                .isEqualTo(404);

        assertThat(cases.api.get("/api/tasks", "tax.clerk").status()).as("HTTP Basic beside the tokens").isEqualTo(200);
    }

    @Test
    void foreignExpiredAndWrongAudienceTokensAre401Problems() {
        Map<String, String> tokens = Map.of(
                "wrong issuer", PROVIDER.sign(c -> c.issuer("https://sso.elsewhere.example")),
                "expired", PROVIDER.sign(c -> c.issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))),
                "wrong audience", PROVIDER.sign(c -> c.audience(List.of("another-system"))),
                "not a token", "abc.def.ghi");
        assertThat(bearer(PROVIDER.sign(c -> { }), "GET", "/api/tasks", null).status()).as("the same token, valid").isEqualTo(200);
        tokens.forEach((what, token) -> {
            Answer answer = bearer(token, "GET", "/api/tasks", null);
            assertThat(answer.status()).as(what).isEqualTo(401);
            assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
            assertThat(answer.json().path("detail").asText()).as(what).contains("存取權杖");
            assertThat(answer.headers().firstValue("WWW-Authenticate").orElse("")).as(what).startsWith("Bearer");
        });
    }

    @Test
    void someoneWithoutAnAgencyClaimIsForbidden() {
        Answer api = bearer(accessToken("sso.stranger"), "GET", "/api/tasks", null);
        assertThat(api.status()).as(api.text()).isEqualTo(403);
        assertThat(api.contentType()).startsWith("application/problem+json");
        assertThat(bearer(PROVIDER.sign(c -> c.claims(claims -> claims.remove("agency"))), "GET", "/api/case-types", null).status())
                .isEqualTo(403);

        OidcVisitor visitor = new OidcVisitor();
        HttpResponse<String> page = visitor.signIn(visitor.go(kuayu("/oauth2/authorization/oidc")), "sso.stranger",
                OpenIdProvider.PASSWORD, u -> false);
        assertThat(page.statusCode()).as(page.uri().toString()).isEqualTo(403);
    }

    /** The authorization-code flow at the provider as a client would run it, stopping at the redirect that carries the code. */
    String accessToken(String user) {
        OidcVisitor visitor = new OidcVisitor();
        URI authorize = URI.create(PROVIDER.issuer() + "/oauth2/authorize?response_type=code&client_id=" + OpenIdProvider.CLIENT_ID
                + "&scope=openid%20profile&state=test&redirect_uri=" + URLEncoder.encode(redirectUri(), StandardCharsets.UTF_8));
        HttpResponse<String> back = visitor.signIn(visitor.go(authorize), user, OpenIdProvider.PASSWORD,
                u -> u.toString().startsWith(redirectUri()));
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(OidcVisitor.location(back).toString());
        assertThat(code.find()).as(OidcVisitor.location(back).toString()).isTrue();
        HttpResponse<String> token = visitor.send(HttpRequest.newBuilder(URI.create(PROVIDER.issuer() + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (OpenIdProvider.CLIENT_ID + ":" + OpenIdProvider.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(OidcVisitor.form(Map.of("grant_type", "authorization_code",
                        "code", URLDecoder.decode(code.group(1), StandardCharsets.UTF_8), "redirect_uri", redirectUri())))).build());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        try {
            return json.readTree(token.body()).path("access_token").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Answer bearer(String token, String method, String path, Object body) {
        try {
            byte[] bytes = body == null ? null : json.writeValueAsBytes(body);
            return cases.api.send(method, path, null, body == null ? null : "application/json", bytes, "Authorization", "Bearer " + token);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
