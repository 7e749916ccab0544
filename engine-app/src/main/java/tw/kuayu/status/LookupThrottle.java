package tw.kuayu.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tw.kuayu.web.ApiException;

/**
 * Limits failed public status lookups per client, so case numbers and national IDs cannot be
 * guessed by trying many: after {@value #MAX_FAILURES} misses in ten minutes a client gets 429.
 */
@Component
public class LookupThrottle {

    static final int MAX_FAILURES = 10;
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final int MAX_CLIENTS = 100_000;

    private record Window(Instant start, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;

    public LookupThrottle(Clock clock) {
        this.clock = clock;
    }

    public void check(String client) {
        Window w = windows.get(client);
        if (w != null && w.failures() >= MAX_FAILURES && w.start().plus(WINDOW).isAfter(clock.instant())) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "查詢次數過多", "查詢失敗次數過多，請稍後再試。");
        }
    }

    /** Forgets every client's failures (tests; an operator after a false alarm). */
    public void reset() {
        windows.clear();
    }

    public void failed(String client) {
        if (windows.size() > MAX_CLIENTS) {
            windows.clear();
        }
        Instant now = clock.instant();
        windows.merge(client, new Window(now, 1), (old, one) ->
                old.start().plus(WINDOW).isAfter(now) ? new Window(old.start(), old.failures() + 1) : one);
    }
}
