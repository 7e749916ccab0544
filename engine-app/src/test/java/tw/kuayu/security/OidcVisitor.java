package tw.kuayu.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A user agent for the OpenID Connect tests over plain HTTP: keeps each site's cookies, follows
 * redirects one by one (so a test can stop at a redirect, e.g. the one carrying an authorization code)
 * and fills the provider's sign-in form.
 */
final class OidcVisitor {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();

    /** Follows redirects from {@code uri} until a page answers, or until a redirect's target matches {@code stopAt}. */
    HttpResponse<String> go(URI uri, Predicate<URI> stopAt) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).GET().build());
        return follow(response, stopAt);
    }

    HttpResponse<String> go(URI uri) {
        return go(uri, u -> false);
    }

    /** On the provider's sign-in page (the last answer), signs in and follows the redirects that come back. */
    HttpResponse<String> signIn(HttpResponse<String> loginPage, String user, String password, Predicate<URI> stopAt) {
        Matcher csrf = CSRF.matcher(loginPage.body());
        if (!csrf.find()) {
            throw new AssertionError("not the provider's sign-in page: " + loginPage.uri() + "\n" + loginPage.body());
        }
        String form = form(Map.of("username", user, "password", password, "_csrf", csrf.group(1)));
        HttpResponse<String> response = send(HttpRequest.newBuilder(loginPage.uri().resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build());
        return follow(response, stopAt);
    }

    /** The CSRF token of a page's form. */
    static String csrf(String page) {
        Matcher csrf = CSRF.matcher(page);
        if (!csrf.find()) {
            throw new AssertionError("no CSRF token in the page:\n" + page);
        }
        return csrf.group(1);
    }

    String cookie(String host, String name) {
        return cookies.getCookieStore().get(URI.create("http://" + host)).stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    static URI location(HttpResponse<String> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
    }

    private HttpResponse<String> follow(HttpResponse<String> response, Predicate<URI> stopAt) {
        for (int hops = 0; response.statusCode() / 100 == 3; hops++) {
            URI next = location(response);
            if (stopAt.test(next) || hops > 15) {
                return response;
            }
            response = send(HttpRequest.newBuilder(next).GET().build());
        }
        return response;
    }
}
