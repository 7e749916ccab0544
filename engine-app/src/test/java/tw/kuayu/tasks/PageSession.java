package tw.kuayu.tasks;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser-like session: signs in through the login form and keeps the session cookie, as the worklist page does. */
final class PageSession {

    private static final Pattern LOGIN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern PAGE_CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private final String base;

    PageSession(int port) {
        this.base = "http://localhost:" + port;
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs in with the form and returns the status of the login POST (302 to / when it worked). */
    HttpResponse<String> login(String user) {
        String token = find(LOGIN_CSRF, send("GET", "/login", null).body());
        return send("POST", "/login", "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=demo&_csrf=" + token,
                "Content-Type", "application/x-www-form-urlencoded");
    }

    /** The CSRF token the worklist page hands its script. */
    String pageToken() {
        return find(PAGE_CSRF, send("GET", "/worklist", null).body());
    }

    private static String find(Pattern pattern, String html) {
        Matcher m = pattern.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token in " + html);
        }
        return m.group(1);
    }
}
