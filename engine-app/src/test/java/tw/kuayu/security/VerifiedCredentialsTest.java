package tw.kuayu.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VerifiedCredentialsTest {

    final AtomicLong now = new AtomicLong(1_000);
    final VerifiedCredentials cache = new VerifiedCredentials(Duration.ofSeconds(30), now::get);

    @Test
    void answersOnlyTheSamePasswordWithinTheTtl() {
        cache.remember(cache.generation(), "tax.clerk", "demo", List.of("GROUP_tpe-tax"));
        assertThat(cache.authorities("tax.clerk", "demo")).containsExactly("GROUP_tpe-tax");
        assertThat(cache.authorities("tax.clerk", "Demo")).as("another password").isNull();
        assertThat(cache.authorities("tax.chief", "demo")).as("another user").isNull();
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(cache.authorities("tax.clerk", "demo")).as("after the TTL").isNull();
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void forgetsAUserOrEveryone() {
        cache.remember(cache.generation(), "tax.clerk", "demo", List.of());
        cache.remember(cache.generation(), "tax.chief", "demo", List.of());
        cache.forget("tax.clerk");
        assertThat(cache.authorities("tax.clerk", "demo")).isNull();
        assertThat(cache.authorities("tax.chief", "demo")).isEmpty();
        cache.forgetAll();
        assertThat(cache.authorities("tax.chief", "demo")).isNull();
    }

    @Test
    void anAnswerFromBeforeAnIdentityChangeIsNotKept() {
        long before = cache.generation();
        cache.forgetAll(); // the password changed while the store was being asked
        cache.remember(before, "tax.clerk", "old", List.of("GROUP_tpe-tax"));
        assertThat(cache.authorities("tax.clerk", "old")).isNull();
    }

    @Test
    void aZeroTtlTurnsTheCacheOff() {
        VerifiedCredentials off = new VerifiedCredentials(Duration.ZERO, now::get);
        off.remember(off.generation(), "tax.clerk", "demo", List.of());
        assertThat(off.authorities("tax.clerk", "demo")).isNull();
    }
}
