package tw.kuayu.connectors.standin;

import java.util.Objects;

/**
 * A fault injected into one source of the stand-in.
 *
 * @param mode      what goes wrong
 * @param latencyMs for {@link Mode#SLOW}: the delay before the normal answer; for {@link Mode#TIMEOUT}: the
 *                  longest the request is held (it is released early when the fault is healed or the
 *                  stand-in stops); ignored otherwise
 */
public record Fault(Mode mode, long latencyMs) {

    public enum Mode {
        /** The system is down: 503 from the gateway at once, connection closed. */
        DOWN,
        /** The system answers HTTP 500 with its own error body. */
        ERROR_500,
        /** The normal answer, after {@code latencyMs}. */
        SLOW,
        /** No answer until the fault is healed (or {@code latencyMs} passes). */
        TIMEOUT,
        /** HTTP 200 with a body in the source's format that cannot be parsed. */
        MALFORMED,
        /** The system is outside its opening hours. */
        CLOSED
    }

    public static final long DEFAULT_SLOW_MS = 500;
    public static final long DEFAULT_TIMEOUT_MS = 120_000;

    public Fault {
        Objects.requireNonNull(mode, "mode");
        if (latencyMs <= 0) {
            latencyMs = mode == Mode.TIMEOUT ? DEFAULT_TIMEOUT_MS : mode == Mode.SLOW ? DEFAULT_SLOW_MS : 0;
        }
    }

    public static Fault down() {
        return new Fault(Mode.DOWN, 0);
    }

    public static Fault error500() {
        return new Fault(Mode.ERROR_500, 0);
    }

    public static Fault slow(long latencyMs) {
        return new Fault(Mode.SLOW, latencyMs);
    }

    public static Fault timeout() {
        return new Fault(Mode.TIMEOUT, 0);
    }

    public static Fault malformed() {
        return new Fault(Mode.MALFORMED, 0);
    }

    public static Fault closed() {
        return new Fault(Mode.CLOSED, 0);
    }
}
