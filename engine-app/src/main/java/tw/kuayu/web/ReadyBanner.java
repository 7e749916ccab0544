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

    @EventListener
    public void ready(ApplicationReadyEvent event) {
        // with server.port=0 the configured URL names port 0; say the port actually bound
        String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port");
        String publicUrl = port != null ? this.publicUrl.replaceFirst("^(https?://localhost):0(?=/|$)", "$1:" + port) : this.publicUrl;
        log.info("Kuayu is ready: open {}/ (sign in, e.g. tax.clerk / demo in the demo profile); "
                + "Tasklist {}/camunda/app/tasklist/ ; API {}/api/case-types ; health {}/actuator/health",
                publicUrl, publicUrl, publicUrl, publicUrl);
    }
}
