package tw.kuayu.notifications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock a test moves forward instead of waiting: Kuayu's components take the {@link Clock} bean, so a context that
 * imports {@link Config} runs its watches and mail sender on this time (days pass in a test without sleeping).
 */
public final class SettableClock extends Clock {

    // whole milliseconds: what every database keeps exactly, so a time read back equals the time written
    private volatile Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    public void set(Instant instant) {
        now = instant;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }

    @TestConfiguration
    public static class Config {
        @Bean
        @Primary
        public SettableClock settableClock() {
            return new SettableClock();
        }
    }
}
