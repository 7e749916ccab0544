package tw.kuayu.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells the person who started Kuayu where to point the browser. */
@Component
public class ReadyBanner {

    private static final Logger log = LoggerFactory.getLogger(ReadyBanner.class);

    private final String publicUrl;

    public ReadyBanner(@Value("${kuayu.public-url}") String publicUrl) {
        this.publicUrl = publicUrl;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void ready() {
        log.info("Kuayu is ready: open {}/ (sign in, e.g. tax.clerk / demo in the demo profile); "
                + "Tasklist {}/camunda/app/tasklist/ ; API {}/api/case-types ; health {}/actuator/health",
                publicUrl, publicUrl, publicUrl, publicUrl);
    }
}
