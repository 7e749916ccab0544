package tw.kuayu.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;

/** The outbox sender's backoff and the error text it keeps (no personal data, bounded). */
class OutboxSenderTest {

    final OutboxSender sender = new OutboxSender(null, null, Clock.systemUTC(), "kuayu@localhost", 8, Duration.ofMinutes(1),
            Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofDays(30), 50, "node-a");

    @Test
    void theWaitDoublesAfterEachFailedAttemptUpToTheMaximum() {
        assertThat(sender.delay(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(sender.delay(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(sender.delay(3)).isEqualTo(Duration.ofMinutes(4));
        assertThat(sender.delay(6)).isEqualTo(Duration.ofMinutes(32));
        assertThat(sender.delay(7)).isEqualTo(Duration.ofHours(1));
        assertThat(sender.delay(100)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theErrorKeptNamesTheFailureWithoutNationalIdsAndFitsItsColumn() {
        String error = OutboxSender.describe(new MailSendException("Mail server connection failed",
                new RuntimeException("wrapped", new ConnectException("Connection refused\n(A123456789)"))));
        assertThat(error).isEqualTo("MailSendException / ConnectException: Connection refused (**********)");
        assertThat(OutboxSender.describe(new MailSendException("x".repeat(2000)))).hasSize(500);
    }
}
