package tw.kuayu.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.notifications.OutboxMapper.OutboxMail;

/**
 * The mail outbox against a real SMTP server in this process (GreenMail) that the test takes down and brings back:
 * a mail queued while the server is down stays pending with its attempt and error counted, and is delivered once when
 * the server is back and its backoff has passed; a mail that keeps failing is given up after max-attempts and shown
 * to administrators; two senders working the same outbox at once deliver every mail exactly once. Time moves with
 * {@link SettableClock}; the scheduled sender is off (1h) so the test drives it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@Import(SettableClock.Config.class)
@AutoConfigureObservability(tracing = false)
class MailOutboxTest {

    static final int SMTP_PORT = freePort();

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("kuayu.mail.outbox.poll-interval", () -> "1h");
        registry.add("kuayu.mail.outbox.max-attempts", () -> "3");
        registry.add("kuayu.mail.outbox.backoff", () -> "1m");
        registry.add("kuayu.mail.outbox.max-backoff", () -> "90s");
        registry.add("spring.mail.properties.mail.smtp.connectiontimeout", () -> "2000");
    }

    @LocalServerPort
    int port;
    @Autowired
    MailNotices mail;
    @Autowired
    OutboxSender sender;
    @Autowired
    OutboxMapper outbox;
    @Autowired
    OutboxGauges gauges;
    @Autowired
    MeterRegistry meters;
    @Autowired
    SettableClock clock;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ObjectProvider<JavaMailSender> smtp;

    GreenMail server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Test
    void aMailQueuedWhileTheServerIsDownStaysPendingAndIsDeliveredOnceWhenItIsBack() {
        String caseId = UUID.randomUUID().toString();
        int queued = transactions.execute(s -> mail.toUsers(List.of("tax.chief"), caseId, "步驟逾期：案件 115-TAX-DOWN", "請督促辦理。"));
        assertThat(queued).isEqualTo(1);
        OutboxMail pending = single(caseId);
        assertThat(pending.state()).isEqualTo(OutboxMapper.PENDING);
        assertThat(pending.recipient()).isEqualTo("tax.chief@demo.kuayu.tw");

        assertThat(sender.deliverDue()).as("nobody listens on the SMTP port").isZero();
        OutboxMail retried = single(caseId);
        assertThat(retried.state()).isEqualTo(OutboxMapper.PENDING);
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.lastError()).contains("MailSendException").doesNotContain("請督促辦理");
        assertThat(retried.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));

        server = start();
        assertThat(sender.deliverDue()).as("back, but the backoff has not passed").isZero();
        assertThat(server.getReceivedMessages()).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        assertThat(sender.deliverDue()).isEqualTo(1);
        assertThat(single(caseId).state()).isEqualTo(OutboxMapper.SENT);
        assertThat(single(caseId).attempts()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(5));
        assertThat(sender.deliverDue()).isZero();
        assertThat(server.getReceivedMessages()).singleElement()
                .satisfies(m -> assertThat(m.getSubject()).isEqualTo("【跨域】步驟逾期：案件 115-TAX-DOWN"));
    }

    @Test
    void aMailThatKeepsFailingIsGivenUpAfterMaxAttemptsAndShownToAdministrators() {
        String caseId = UUID.randomUUID().toString();
        transactions.executeWithoutResult(s -> mail.toUsers(List.of("udd.chief"), caseId, "處理期限將屆：案件 115-UDD-FAIL", "請督促如期辦結。"));

        sender.deliverDue();
        clock.advance(Duration.ofMinutes(1));
        sender.deliverDue();
        assertThat(single(caseId).state()).isEqualTo(OutboxMapper.PENDING);
        assertThat(single(caseId).nextAttemptAt()).as("1m doubled to 2m, capped at max-backoff 90s")
                .isEqualTo(clock.instant().plus(Duration.ofSeconds(90)));
        clock.advance(Duration.ofSeconds(90));
        sender.deliverDue();
        OutboxMail failed = single(caseId);
        assertThat(failed.state()).isEqualTo(OutboxMapper.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.finishedAt()).isEqualTo(clock.instant());
        clock.advance(Duration.ofHours(1));
        sender.deliverDue();
        assertThat(single(caseId).attempts()).as("given up: not tried again").isEqualTo(3);

        ApiClient api = new ApiClient(port);
        JsonNode view = api.get("/api/mail-outbox", "manager").json();
        assertThat(view.path("counts").path("failed").asLong()).isPositive();
        assertThat(view.path("counts").has("pending")).isTrue();
        JsonNode entry = null;
        for (JsonNode f : view.path("latestFailures")) {
            if (caseId.equals(f.path("caseId").asText())) {
                entry = f;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.path("recipient").asText()).isEqualTo("udd.chief@demo.kuayu.tw");
        assertThat(entry.path("subject").asText()).isEqualTo("【跨域】處理期限將屆：案件 115-UDD-FAIL");
        assertThat(entry.path("attempts").asInt()).isEqualTo(3);
        assertThat(entry.path("lastError").asText()).contains("MailSendException");
        assertThat(entry.has("body")).as("the message text is not shown").isFalse();
        assertThat(api.get("/api/mail-outbox", "owner").status()).as("camunda-admin").isEqualTo(200);
        assertThat(api.get("/api/mail-outbox", "tax.clerk").status()).isEqualTo(403);
        assertThat(api.get("/api/mail-outbox", null).status()).isEqualTo(401);

        gauges.refresh();
        assertThat(meters.get("kuayu.mail.outbox").tag("state", "failed").gauge().value()).isPositive();
        assertThat(api.get("/actuator/prometheus", "manager").text()).contains("kuayu_mail_outbox{state=\"failed\"}");
    }

    @Test
    void aGivenUpMailIsSentWhenAnAdministratorPutsItBackAfterTheServerIsMended() {
        String caseId = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        transactions.executeWithoutResult(s -> {
            mail.toUsers(List.of("tax.chief"), caseId, "步驟逾期：案件 115-TAX-BACK", "請督促辦理。");
            mail.toUsers(List.of("udd.chief"), other, "步驟逾期：案件 115-UDD-BACK", "請督促辦理。");
        });
        // nobody listens on the SMTP port: 3 attempts (max-attempts) each, also for mails other tests left due
        for (int round = 0; round < 10 && !(failed(caseId) && failed(other)); round++) {
            sender.deliverDue();
            clock.advance(Duration.ofMinutes(2));
        }
        String id = single(caseId).id();
        assertThat(single(caseId).state()).isEqualTo(OutboxMapper.FAILED);
        assertThat(single(other).state()).isEqualTo(OutboxMapper.FAILED);

        ApiClient api = new ApiClient(port);
        assertThat(api.postJson("/api/mail-outbox/" + id + "/retry", "tax.clerk", null).status()).isEqualTo(403);
        assertThat(single(caseId).state()).as("refused: unchanged").isEqualTo(OutboxMapper.FAILED);
        assertThat(api.postJson("/api/mail-outbox/" + id + "/retry", "owner", null).status()).as("camunda-admin").isEqualTo(204);
        OutboxMail back = single(caseId);
        assertThat(back.state()).isEqualTo(OutboxMapper.PENDING);
        assertThat(back.attempts()).as("a fresh set of attempts").isZero();
        assertThat(back.nextAttemptAt()).as("due at once").isEqualTo(clock.instant());
        assertThat(back.finishedAt()).isNull();
        ApiClient.Answer again = api.postJson("/api/mail-outbox/" + id + "/retry", "owner", null);
        assertThat(again.status()).as("only a given-up mail is put back").isEqualTo(409);
        assertThat(again.json().path("detail").asText()).contains("無須重寄");
        assertThat(api.postJson("/api/mail-outbox/" + UUID.randomUUID() + "/retry", "owner", null).status()).isEqualTo(404);

        server = start();
        assertThat(sender.deliverDue()).isEqualTo(1);
        assertThat(single(caseId).state()).isEqualTo(OutboxMapper.SENT);
        assertThat(server.getReceivedMessages()).singleElement()
                .satisfies(m -> assertThat(m.getSubject()).isEqualTo("【跨域】步驟逾期：案件 115-TAX-BACK"));

        ApiClient.Answer all = api.postJson("/api/mail-outbox/retry-failed", "manager", null);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().path("requeued").asInt()).isPositive();
        assertThat(single(other).state()).isEqualTo(OutboxMapper.PENDING);
        assertThat(single(other).attempts()).isZero();
        assertThat(api.postJson("/api/mail-outbox/retry-failed", "tax.clerk", null).status()).isEqualTo(403);
    }

    @Test
    void twoSendersWorkingTheSameOutboxAtOnceDeliverEveryMailExactlyOnce() throws Exception {
        server = start();
        String batch = UUID.randomUUID().toString().substring(0, 8);
        int mails = 40;
        for (int i = 0; i < mails; i++) {
            outbox.insert(UUID.randomUUID().toString(), null, "staff" + i + "@demo.kuayu.tw", "【跨域】" + batch + " #" + i, "內文", clock.instant());
        }
        // a second node: its own sender on the same database and SMTP server; small batches so both keep claiming
        OutboxSender a = new OutboxSender(outbox, smtp, clock, "kuayu@localhost", 3, Duration.ofMinutes(1), Duration.ofMinutes(2),
                Duration.ofMinutes(5), Duration.ofDays(30), 5, "node-a");
        OutboxSender b = new OutboxSender(outbox, smtp, clock, "kuayu@localhost", 3, Duration.ofMinutes(1), Duration.ofMinutes(2),
                Duration.ofMinutes(5), Duration.ofDays(30), 5, "node-b");
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (OutboxSender node : List.of(a, b)) {
                runs.add(nodes.submit((Callable<Integer>) () -> {
                    int total = 0;
                    for (int sent = node.deliverDue(); sent > 0 || !outbox.claimable(clock.instant(), 1).isEmpty(); sent = node.deliverDue()) {
                        total += sent;
                    }
                    return total;
                }));
            }
            int total = runs.get(0).get() + runs.get(1).get();
            assertThat(total).isEqualTo(mails);
            assertThat(runs.get(0).get()).as("both nodes took part").isPositive();
            assertThat(runs.get(1).get()).as("both nodes took part").isPositive();
        } finally {
            nodes.shutdownNow();
        }
        List<String> subjects = Arrays.stream(server.getReceivedMessages()).map(MailOutboxTest::subject).filter(s -> s.contains(batch)).toList();
        assertThat(subjects).hasSize(mails).doesNotHaveDuplicates();
    }

    @Test
    void aMailLeftSendingByANodeThatDiedIsTakenOverWhenItsLeaseRunsOut() {
        server = start();
        String caseId = UUID.randomUUID().toString();
        transactions.executeWithoutResult(s -> mail.toUsers(List.of("land.chief"), caseId, "步驟逾期：案件 115-LAND-LEASE", "請督促辦理。"));
        String id = single(caseId).id();
        assertThat(outbox.claim(id, "node-that-dies", clock.instant(), clock.instant().plus(Duration.ofMinutes(5)))).isEqualTo(1);

        assertThat(sender.deliverDue()).as("held by the other node's lease").isZero();
        assertThat(single(caseId).state()).isEqualTo(OutboxMapper.SENDING);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(sender.deliverDue()).isEqualTo(1);
        assertThat(single(caseId).state()).isEqualTo(OutboxMapper.SENT);
        assertThat(outbox.sent(id, "node-that-dies", clock.instant())).as("the dead node's claim is gone").isZero();
        assertThat(Arrays.stream(server.getReceivedMessages()).map(MailOutboxTest::subject).filter(s -> s.contains("115-LAND-LEASE"))).hasSize(1);
    }

    private boolean failed(String caseId) {
        return OutboxMapper.FAILED.equals(single(caseId).state());
    }

    private OutboxMail single(String caseId) {
        List<OutboxMail> rows = outbox.ofCase(caseId);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static GreenMail start() {
        GreenMail g = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        g.start();
        return g;
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
