package tw.kuayu.notifications;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A real SMTP server in the test's process (GreenMail) on a free port, with Spring Mail pointed at it. */
public final class TestSmtp {

    private TestSmtp() {
    }

    /** Starts a server and registers it as {@code spring.mail.host/port}; the caller stops it after its class. */
    public static GreenMail start(DynamicPropertyRegistry registry) {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
        return smtp;
    }
}
