package tw.kuayu.notifications;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.kuayu.cases.PostgresDatabases;

/** The outbox on a real PostgreSQL: the claim that only one of two concurrent senders wins, under PostgreSQL's row locks. */
class MailOutboxOnPostgresTest extends MailOutboxTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabases.register(registry, "kuayu_mail_outbox");
    }
}
