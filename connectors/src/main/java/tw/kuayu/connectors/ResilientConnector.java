package tw.kuayu.connectors;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decorates a connector with a Resilience4j circuit breaker for its source: after repeated failures
 * the source is skipped for a while (fails fast with {@link ConnectorException.Kind#UNAVAILABLE}),
 * so a broken agency is not hammered and cases fail quickly into retry. REFUSED and CLOSED are not
 * failures of the source. No retries here: the engine retries through Camunda job retries.
 */
public final class ResilientConnector implements AgencyConnector {

    private static final Logger log = LoggerFactory.getLogger(ResilientConnector.class);

    private final AgencyConnector delegate;
    private final CircuitBreaker breaker;

    public ResilientConnector(AgencyConnector delegate, CircuitBreaker breaker) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        breaker.getEventPublisher().onStateTransition(event -> log.warn("circuit breaker of source {}: {}",
                delegate.source(), event.getStateTransition()));
    }

    public ResilientConnector(AgencyConnector delegate, CircuitBreakerConfig config) {
        this(delegate, CircuitBreaker.of(delegate.source(), config));
    }

    /**
     * Opens when at least half of the last 10 calls (minimum 5) failed; stays open 30 s, then lets
     * one trial call through.
     */
    public static CircuitBreakerConfig defaultConfig() {
        return config(10, 5, Duration.ofSeconds(30));
    }

    /** A config with the given window, minimum calls and open duration; 50% failure rate threshold. */
    public static CircuitBreakerConfig config(int windowSize, int minimumCalls, Duration openFor) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(windowSize)
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(50)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .ignoreException(ResilientConnector::notASourceFailure)
                .build();
    }

    static boolean notASourceFailure(Throwable t) {
        return t instanceof ConnectorException e
                && (e.kind() == ConnectorException.Kind.REFUSED || e.kind() == ConnectorException.Kind.CLOSED);
    }

    @Override
    public String source() {
        return delegate.source();
    }

    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    public AgencyConnector delegate() {
        return delegate;
    }

    /**
     * Probes the source directly, past the breaker (an open or half-open breaker must not keep a
     * recovered source from being noticed). A healthy answer closes the breaker, so the jobs resumed
     * next are not failed fast or held to the single half-open trial call.
     */
    @Override
    public void probe() {
        delegate.probe();
        if (breaker.getState() != CircuitBreaker.State.CLOSED) {
            log.info("source {} answers its health check again; closing its circuit breaker", delegate.source());
            breaker.transitionToClosedState();
        }
    }

    @Override
    public EvidenceRecord fetch(EvidenceRequest request) {
        try {
            return breaker.executeSupplier(() -> delegate.fetch(request));
        } catch (CallNotPermittedException e) {
            log.info("source {} skipped (circuit open) case={} applicant={}", delegate.source(), request.caseNo(),
                    NationalId.mask(request.nationalId()));
            throw skipped(e);
        }
    }

    @Override
    public NotificationReceipt notify(ChangeNotification notification) {
        try {
            return breaker.executeSupplier(() -> delegate.notify(notification));
        } catch (CallNotPermittedException e) {
            log.info("source {} skipped (circuit open) notification={} case={}", delegate.source(), notification.notificationId(),
                    notification.caseNo());
            throw skipped(e);
        }
    }

    private ConnectorException skipped(CallNotPermittedException e) {
        String label = delegate instanceof HttpAgencyConnector http ? http.label() : delegate.source();
        long seconds = breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1) / 1000;
        return new ConnectorException(delegate.source(), ConnectorException.Kind.UNAVAILABLE,
                label + "資料來源近期連續發生錯誤，暫時略過不查詢（約 " + seconds + " 秒後再試），系統將自動重試", e);
    }
}
