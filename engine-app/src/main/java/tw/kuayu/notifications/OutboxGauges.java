package tw.kuayu.notifications;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauge {@code kuayu.mail.outbox}, tagged {@code state} (pending, sending, sent, failed; 0 when none), refreshed by one
 * grouped query every {@code kuayu.mail.outbox.metrics-refresh} instead of on each scrape. Alert on
 * {@code kuayu_mail_outbox{state="failed"}} rising or {@code state="pending"} staying high.
 */
@Component
public class OutboxGauges {

    private final OutboxMapper outbox;
    private final MultiGauge mails;

    public OutboxGauges(OutboxMapper outbox, MeterRegistry registry) {
        this.outbox = outbox;
        this.mails = MultiGauge.builder("kuayu.mail.outbox").description("E-mails in the outbox per state").register(registry);
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${kuayu.mail.outbox.metrics-refresh:1m}")
    public void refresh() {
        mails.register(OutboxController.counts(outbox).entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("state", e.getKey()), e.getValue())).toList(), true);
    }
}
