package tw.kuayu.cases;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tw.kuayu.web.ProblemHandler;

/**
 * Back-pressure on intake ({@code POST /api/cases}): at most {@code kuayu.api.intake.max-concurrent}
 * applications are filed at once. A request that finds no free slot within
 * {@code kuayu.api.intake.max-wait} is answered at once with {@code 503} and {@code Retry-After}
 * (an RFC 9457 problem, nothing stored) instead of waiting for a database connection until the pool
 * times out with a 500 and holding a server thread that caseworkers' requests need meanwhile.
 * Runs before authentication (which reads the identity store), so that a refused request costs no
 * database work at all; a slot is held from authentication to the answer.
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER - 1)
public class IntakeLimiter extends OncePerRequestFilter {

    private final Semaphore slots;
    private final long maxWaitNanos;
    private final long retryAfterSeconds;
    private final ObjectMapper objectMapper;
    private final Counter refused;

    public IntakeLimiter(@Value("${kuayu.api.intake.max-concurrent}") int maxConcurrent,
                         @Value("${kuayu.api.intake.max-wait}") Duration maxWait,
                         @Value("${kuayu.api.retry-after}") Duration retryAfter,
                         ObjectMapper objectMapper, MeterRegistry meters) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("kuayu.api.intake.max-concurrent must be at least 1, not " + maxConcurrent);
        }
        this.slots = new Semaphore(maxConcurrent, true);
        this.maxWaitNanos = maxWait.toNanos();
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
        this.objectMapper = objectMapper;
        this.refused = Counter.builder("kuayu.intake.refused").description("Intake requests answered 503 (intake at its limit)")
                .register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !"/api/cases".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!acquire()) {
            refused.increment();
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            objectMapper.writeValue(response.getOutputStream(), ProblemHandler.problem(HttpStatus.SERVICE_UNAVAILABLE, "收件繁忙",
                    "目前同時收件的申請過多，本件尚未受理、未建立案件；請於 " + retryAfterSeconds
                            + " 秒後重新送出（建議使用相同的 Idempotency-Key，以免重複建案）。"));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            slots.release();
        }
    }

    private boolean acquire() {
        try {
            return maxWaitNanos <= 0 ? slots.tryAcquire() : slots.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Slots free now (for tests and diagnostics). */
    int available() {
        return slots.availablePermits();
    }

    /** Takes every free slot, as if that many applications were being filed (tests only). */
    int occupyAll() {
        return slots.drainPermits();
    }

    void free(int count) {
        slots.release(count);
    }
}
