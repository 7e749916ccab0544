package tw.kuayu.evidence;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import tw.kuayu.connectors.ConnectorRegistry;
import tw.kuayu.connectors.ResilientConnector;
import tw.kuayu.connectors.SourceSettings;
import tw.kuayu.connectors.standin.AgencyStandIn;

/** The connectors, the agency stand-in and the schedule that resumes cases when a source is back. */
@Configuration
@EnableScheduling
public class ConnectorConfig {

    /** The agency stand-in (simulated agency systems over real HTTP), for the demo and tests only. */
    @Bean(destroyMethod = "stop")
    @ConditionalOnProperty(name = "kuayu.standin.enabled", havingValue = "true")
    AgencyStandIn agencyStandIn(@Value("${kuayu.standin.port}") int port,
                                @Value("${kuayu.standin.office-hours:false}") boolean officeHours) {
        AgencyStandIn standIn = new AgencyStandIn();
        if (!officeHours) {
            // a demo at night or on a Sunday must not stall on the welfare office's hours
            AgencyStandIn.SOURCES.forEach(source -> standIn.officeHours(source, null));
        }
        return standIn.start(port);
    }

    @Bean
    ConnectorRegistry connectorRegistry(ConnectorProperties properties, ObjectProvider<AgencyStandIn> standIn, Clock clock) {
        Map<String, SourceSettings> settings = new LinkedHashMap<>();
        AgencyStandIn simulated = standIn.getIfAvailable();
        for (String source : ConnectorRegistry.FACTORIES.keySet()) {
            ConnectorProperties.Source configured = properties.sources().get(source);
            String baseUrl = configured != null && configured.baseUrl() != null && !configured.baseUrl().isBlank()
                    ? configured.baseUrl()
                    : simulated != null ? simulated.baseUrl() : null;
            if (baseUrl == null) {
                continue;
            }
            settings.put(source, configured == null ? SourceSettings.of(baseUrl)
                    : new SourceSettings(baseUrl, configured.apiKey(), configured.connectTimeout(), configured.readTimeout(),
                    configured.openingHours() == null ? null : configured.openingHours().toOfficeHours()));
        }
        return ConnectorRegistry.fromSettings(settings, ResilientConnector.defaultConfig(), clock);
    }
}
