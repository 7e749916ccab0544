package tw.kuayu.connectors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import tw.kuayu.connectors.business.BusinessConnector;
import tw.kuayu.connectors.household.HouseholdConnector;
import tw.kuayu.connectors.land.LandConnector;
import tw.kuayu.connectors.tax.TaxConnector;
import tw.kuayu.connectors.welfare.WelfareConnector;

/**
 * The connectors by source key. Built from configuration ({@code source → SourceSettings}, e.g.
 * from the engine app's application.yaml); every connector is wrapped in a {@link ResilientConnector}.
 */
public final class ConnectorRegistry {

    /** How to build each known source's connector. */
    public static final Map<String, BiFunction<SourceSettings, Clock, AgencyConnector>> FACTORIES;

    static {
        Map<String, BiFunction<SourceSettings, Clock, AgencyConnector>> f = new LinkedHashMap<>();
        f.put(HouseholdConnector.SOURCE, HouseholdConnector::new);
        f.put(LandConnector.SOURCE, LandConnector::new);
        f.put(TaxConnector.SOURCE, TaxConnector::new);
        f.put(BusinessConnector.SOURCE, BusinessConnector::new);
        f.put(WelfareConnector.SOURCE, WelfareConnector::new);
        FACTORIES = Collections.unmodifiableMap(f);
    }

    private final Map<String, AgencyConnector> connectors;
    private final CircuitBreakerRegistry breakers;

    private ConnectorRegistry(Map<String, AgencyConnector> connectors, CircuitBreakerRegistry breakers) {
        this.connectors = Collections.unmodifiableMap(connectors);
        this.breakers = breakers;
    }

    public static ConnectorRegistry fromSettings(Map<String, SourceSettings> settings) {
        return fromSettings(settings, ResilientConnector.defaultConfig(), Clock.systemUTC());
    }

    /**
     * @throws IllegalArgumentException for a source key with no connector
     */
    public static ConnectorRegistry fromSettings(Map<String, SourceSettings> settings, CircuitBreakerConfig breakerConfig, Clock clock) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(breakerConfig);
        Map<String, AgencyConnector> connectors = new LinkedHashMap<>();
        settings.forEach((source, sourceSettings) -> {
            BiFunction<SourceSettings, Clock, AgencyConnector> factory = FACTORIES.get(source);
            if (factory == null) {
                throw new IllegalArgumentException("no connector for source '" + source + "'; known sources: " + FACTORIES.keySet());
            }
            connectors.put(source, new ResilientConnector(factory.apply(sourceSettings, clock), breakers.circuitBreaker(source)));
        });
        return new ConnectorRegistry(connectors, breakers);
    }

    /** A registry of ready-made connectors, used as they are (no circuit breakers added). */
    public static ConnectorRegistry of(Collection<? extends AgencyConnector> connectors) {
        Map<String, AgencyConnector> map = new LinkedHashMap<>();
        connectors.forEach(c -> map.put(c.source(), c));
        return new ConnectorRegistry(map, CircuitBreakerRegistry.ofDefaults());
    }

    public Set<String> sources() {
        return connectors.keySet();
    }

    public Optional<AgencyConnector> find(String source) {
        return Optional.ofNullable(connectors.get(source));
    }

    /** @throws IllegalArgumentException when no connector is configured for the source */
    public AgencyConnector get(String source) {
        AgencyConnector connector = connectors.get(source);
        if (connector == null) {
            throw new IllegalArgumentException("no connector configured for source '" + source + "'; configured: " + connectors.keySet());
        }
        return connector;
    }

    public Optional<CircuitBreaker> circuitBreaker(String source) {
        return connectors.containsKey(source) ? breakers.find(source) : Optional.empty();
    }
}
