package tw.kuayu.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** Security headers on Kuayu's pages and API; CSRF and session fixation protection of the login form. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class PageProtectionTest {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/login", "/status", "/verify", "/verify?documentNo=%3Cscript%3E"})
    void pagesForbidInlineScriptsFramingAndSniffing(String path) throws Exception {
        HttpResponse<String> page = send(to(path));
        assertThat(page.statusCode()).isEqualTo(200);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'").contains("object-src 'none'")
                .doesNotContain("unsafe-eval").doesNotContainPattern("script-src[^;]*unsafe-inline");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(page.body()).as("no inline script left on the page").doesNotContainPattern("<script>(?!</script>)")
                .doesNotContain("<script>alert");
        assertThat(page.headers().firstValue("Strict-Transport-Security")).as("HSTS only over HTTPS").isEmpty();
    }

    @Test
    void thePagesScriptsAreServedAsFiles() throws Exception {
        for (String js : new String[] {"/js/status.js", "/js/verify.js"}) {
            HttpResponse<String> file = send(to(js));
            assertThat(file.statusCode()).as(js).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type").orElse("")).contains("javascript");
            assertThat(file.body()).contains("addEventListener");
        }
    }

    @Test
    void theApiIsNeverADocument() throws Exception {
        HttpResponse<String> api = send(to("/api/case-types").header("Authorization", "Basic dGF4LmNsZXJrOmRlbW8="));
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("Content-Security-Policy")).hasValue(PageHeaders.API_POLICY);
        assertThat(api.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(api.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    }

    @Test
    void signingInWithoutTheCsrfTokenIsRefused() throws Exception {
        // an unknown account: a real one would be locked by the engine's login throttling after failures
        HttpResponse<String> answer = send(to("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=ghost&password=wrong")));
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Location")).as("not signed in, not sent on").isEmpty();
    }

    @Test
    void theSessionIdChangesAtSignIn() throws Exception {
        HttpResponse<String> form = send(to("/login"));
        String before = cookie(form, "JSESSIONID");
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(token.find()).as(form.body()).isTrue();

        HttpResponse<String> signedIn = send(to("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "JSESSIONID=" + before)
                .POST(HttpRequest.BodyPublishers.ofString("username=tax.clerk&password=demo&_csrf="
                        + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8))));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        String after = cookie(signedIn, "JSESSIONID");
        assertThat(after).isNotBlank().isNotEqualTo(before);

        assertThat(send(to("/").header("Cookie", "JSESSIONID=" + after)).statusCode()).isEqualTo(200);
        assertThat(send(to("/").header("Cookie", "JSESSIONID=" + before)).statusCode()).as("the old id is worthless").isIn(302, 401);
    }

    static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';') > 0 ? c.indexOf(';') : c.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers().map()));
    }
}
