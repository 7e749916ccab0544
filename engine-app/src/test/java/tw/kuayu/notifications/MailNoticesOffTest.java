package tw.kuayu.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;

/** Without spring.mail.host Spring Boot makes no mail sender: e-mail is off and nothing is looked up or sent. */
class MailNoticesOffTest {

    @Test
    void withoutAnSmtpServerNothingIsSentAndNoAddressIsLookedUp() {
        // no identity service and no outbox either: an attempt to look addresses up or queue a mail would fail here
        MailNotices mail = new MailNotices(new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class), null,
                null, java.time.Clock.systemUTC(), "http://localhost:8080");
        assertThat(mail.enabled()).isFalse();
        assertThat(mail.toGroup("tpe-udd.approver", "case-1", "處理期限將屆：案件 115-UDD-000001", "請督促如期辦結。")).isZero();
        assertThat(mail.toUsers(List.of("udd.chief"), "case-1", "催辦", "請儘速表示意見。")).isZero();
    }
}
