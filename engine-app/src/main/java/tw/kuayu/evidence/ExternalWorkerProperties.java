package tw.kuayu.evidence;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code kuayu.connectors.external-workers.*}: whether evidence is fetched in this process (the
 * default) or by separate worker processes through Camunda external tasks.
 *
 * @param enabled true: every {@code ${fetchEvidence}} step becomes an external task of {@code topic}
 *                (read when the models are parsed, i.e. at start)
 * @param topic   the external-task topic the workers subscribe to (default {@code kuayu-evidence})
 */
@ConfigurationProperties("kuayu.connectors.external-workers")
public record ExternalWorkerProperties(boolean enabled, String topic) {

    public static final String DEFAULT_TOPIC = "kuayu-evidence";

    public ExternalWorkerProperties {
        topic = topic == null || topic.isBlank() ? DEFAULT_TOPIC : topic;
    }
}
