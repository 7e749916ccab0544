package tw.kuayu.sla;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.sla.WatchMapper.AgencyCounts;

/**
 * Gauges {@code kuayu.cases.open} and {@code kuayu.cases.overdue}, tagged {@code agency} (the
 * owning agency; every catalogued agency, 0 when none), refreshed by one grouped query every
 * {@code kuayu.sla.metrics-refresh} instead of on each scrape.
 */
@Component
public class CaseGauges {

    private final WatchMapper watch;
    private final Catalog catalog;
    private final Clock clock;
    private final MultiGauge open;
    private final MultiGauge overdue;

    public CaseGauges(WatchMapper watch, Catalog catalog, Clock clock, MeterRegistry registry) {
        this.watch = watch;
        this.catalog = catalog;
        this.clock = clock;
        this.open = MultiGauge.builder("kuayu.cases.open").description("Open cases per owning agency").register(registry);
        this.overdue = MultiGauge.builder("kuayu.cases.overdue").description("Open cases past their statutory due date per owning agency")
                .register(registry);
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${kuayu.sla.metrics-refresh:1m}")
    public void refresh() {
        Map<String, AgencyCounts> counts = new TreeMap<>();
        catalog.agencyKeys().forEach(a -> counts.put(a, new AgencyCounts(a, 0, 0)));
        watch.openByAgency(clock.instant()).forEach(c -> counts.put(c.agency(), c));
        List<AgencyCounts> rows = List.copyOf(counts.values());
        open.register(rows.stream().map(c -> MultiGauge.Row.of(Tags.of("agency", c.agency()), c.openCases())).toList(), true);
        overdue.register(rows.stream().map(c -> MultiGauge.Row.of(Tags.of("agency", c.agency()), c.overdueOpen())).toList(), true);
    }
}
