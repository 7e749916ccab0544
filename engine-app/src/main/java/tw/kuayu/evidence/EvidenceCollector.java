package tw.kuayu.evidence;

import static tw.kuayu.calendar.WorkingCalendar.TAIPEI;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import tw.kuayu.OwnTransaction;
import tw.kuayu.audit.DataAccessLog;
import tw.kuayu.audit.DataAccessLogMapper.DataAccessEntry;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.casetype.CatalogProperties.CaseType;
import tw.kuayu.casetype.CatalogProperties.EvidenceSpec;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.connectors.ConnectorRegistry;
import tw.kuayu.connectors.ConnectorException;
import tw.kuayu.connectors.EvidenceRecord;
import tw.kuayu.connectors.EvidenceRequest;
import tw.kuayu.connectors.NationalId;

/**
 * Fetches every record a case type needs (免書證、免謄本) and keeps each answer with the case.
 * Each record is stored in its own transaction and skipped when already there, so a retried job
 * continues where it stopped and never stores a record twice. Every lookup is logged.
 *
 * <p>A case's sources are asked at the same time (on a bounded pool, {@code kuayu.evidence.fetch-threads},
 * default 8), so a case with several slow sources waits about as long as its slowest one. The
 * answers are then kept on the job's thread in a fixed order: the records that came back in the
 * case type's order, then the failures, the one the job fails with last (so the audit chain's
 * order does not depend on which source answered first, and the case's last entry names the
 * source it waits for).
 */
@Service
public class EvidenceCollector {

    private static final Logger log = LoggerFactory.getLogger(EvidenceCollector.class);

    private final CaseMapper cases;
    private final Catalog catalog;
    private final ConnectorRegistry connectors;
    private final EvidenceMapper evidence;
    private final DataAccessLog accessLog;
    private final ObjectMapper json;
    private final Clock clock;
    private final OwnTransaction ownTransaction;
    private final ExecutorService lookups;

    public EvidenceCollector(CaseMapper cases, Catalog catalog, ConnectorRegistry connectors, EvidenceMapper evidence,
                             DataAccessLog accessLog, ObjectMapper json, Clock clock, OwnTransaction ownTransaction,
                             @Value("${kuayu.evidence.fetch-threads:8}") int fetchThreads) {
        this.cases = cases;
        this.catalog = catalog;
        this.connectors = connectors;
        this.evidence = evidence;
        this.accessLog = accessLog;
        this.json = json;
        this.clock = clock;
        this.ownTransaction = ownTransaction;
        AtomicInteger threads = new AtomicInteger();
        this.lookups = Executors.newFixedThreadPool(Math.max(1, fetchThreads), r -> {
            Thread t = new Thread(r, "evidence-lookup-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        lookups.shutdownNow();
    }

    /**
     * Looks up every record the case still misses, all at once, and keeps the answers.
     *
     * @throws ConnectorException when a lookup failed or was refused (a refusal first); the other answers are kept
     */
    public void collect(String caseId) {
        CaseRecord c = cases.findById(caseId);
        List<EvidenceSpec> specs = missing(c);
        List<Future<Fetched>> pending = new ArrayList<>();
        for (int i = 1; i < specs.size(); i++) {
            EvidenceSpec spec = specs.get(i);
            pending.add(lookups.submit(() -> fetch(c, spec)));
        }
        List<Fetched> fetched = new ArrayList<>();
        if (!specs.isEmpty()) {
            fetched.add(fetch(c, specs.get(0))); // on the job's own thread, while the others run
        }
        try {
            for (Future<Fetched> f : pending) {
                fetched.add(f.get());
            }
        } catch (InterruptedException e) {
            pending.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evidence lookups for case " + c.caseNo() + " interrupted", e);
        } catch (ExecutionException e) {
            pending.forEach(f -> f.cancel(true));
            throw new IllegalStateException(e.getCause()); // fetch catches what a lookup throws
        }
        keep(c, fetched);
    }

    /**
     * One lookup's outcome with its own start and end: the record, or the connector's failure
     * ({@code logged} once the audit log has it), or an unexpected error (nothing to log: no answer was read).
     */
    private record Fetched(EvidenceSpec spec, EvidenceRecord record, ConnectorException failure, boolean logged,
                           RuntimeException error, Instant started, Instant ended) {
    }

    private Fetched fetch(CaseRecord c, EvidenceSpec spec) {
        Instant started = clock.instant();
        try {
            EvidenceRecord record = connectors.get(spec.source()).fetch(request(c, spec));
            return new Fetched(spec, record, null, false, null, started, clock.instant());
        } catch (ConnectorException e) {
            return new Fetched(spec, null, e, false, null, started, clock.instant());
        } catch (RuntimeException e) {
            return new Fetched(spec, null, null, false, e, started, clock.instant());
        }
    }

    /** Records first (case type's order), then failures, the one thrown last. */
    private void keep(CaseRecord c, List<Fetched> fetched) {
        List<Fetched> failures = new ArrayList<>();
        RuntimeException error = null;
        for (Fetched f : fetched) {
            if (f.error() != null) {
                error = error == null ? f.error() : error;
            } else if (f.failure() != null) {
                failures.add(f);
            } else {
                try {
                    accept(c, f.spec(), f.record(), f.started(), f.ended());
                } catch (ConnectorException tooOld) {
                    failures.add(new Fetched(f.spec(), null, tooOld, true, null, f.started(), f.ended()));
                }
            }
        }
        if (failures.isEmpty()) {
            if (error != null) {
                throw error;
            }
            return;
        }
        Fetched thrown = failures.stream().filter(f -> !f.failure().retryable()).findFirst().orElse(failures.get(0));
        failures.remove(thrown);
        failures.add(thrown);
        for (Fetched f : failures) {
            if (!f.logged()) {
                failed(c, f.spec(), f.started(), f.ended(), f.failure());
            }
        }
        throw thrown.failure();
    }

    /** The case's records not stored yet, in the case type's order. */
    public List<EvidenceSpec> missing(CaseRecord c) {
        CaseType type = catalog.caseType(c.caseType()).orElseThrow();
        return type.evidence().stream().filter(spec -> evidence.count(c.id(), spec.source(), spec.recordType()) == 0).toList();
    }

    /** The lookup a connector makes for one record of the case. */
    public static EvidenceRequest request(CaseRecord c, EvidenceSpec spec) {
        return new EvidenceRequest(c.caseNo(), c.applicantNationalId(), spec.recordType(), spec.fields(), spec.purpose(),
                spec.legalBasis(), c.createdBy());
    }

    /**
     * Keeps a record a source answered (here or in a separate worker process): refused when older
     * than the case type allows, else logged and stored once (a second copy of the same record is ignored).
     *
     * @throws ConnectorException (REFUSED) when the record is too old to be used
     */
    public void accept(CaseRecord c, EvidenceSpec spec, EvidenceRecord record, Instant started) {
        accept(c, spec, record, started, clock.instant());
    }

    private void accept(CaseRecord c, EvidenceSpec spec, EvidenceRecord record, Instant started, Instant ended) {
        long tooOld = record.found()
                ? EvidenceFreshness.daysTooOld(record.asOf(), spec.maxAgeDays(), clock.instant().atZone(TAIPEI).toLocalDate()) : 0;
        if (tooOld > 0) {
            String reason = record.sourceAgency() + "之資料基準日為 " + record.asOf() + "，超過本案件類型可採用之 " + spec.maxAgeDays()
                    + " 日，未予採用；請待來源機關更新資料後重試此作業。";
            ConnectorException refused = new ConnectorException(spec.source(), ConnectorException.Kind.REFUSED, reason);
            failed(c, spec, started, ended, refused);
            throw refused;
        }
        audit(c, spec, started, ended, record.found() ? DataAccessLog.FOUND : DataAccessLog.NO_RECORD, null);
        ownTransaction.executeWithoutResult(status -> {
            if (evidence.count(c.id(), spec.source(), spec.recordType()) == 0) {
                evidence.insert(new EvidenceMapper.StoredEvidence(UUID.randomUUID().toString(), c.id(), record.source(),
                        record.sourceAgency(), record.recordType(), record.found(), toJson(record.data()), record.fetchedAt(),
                        record.asOf(), record.sha256()));
            }
        });
    }

    /** Logs a lookup that failed or was refused (here or in a separate worker process). */
    public void failed(CaseRecord c, EvidenceSpec spec, Instant started, ConnectorException e) {
        failed(c, spec, started, clock.instant(), e);
    }

    private void failed(CaseRecord c, EvidenceSpec spec, Instant started, Instant ended, ConnectorException e) {
        audit(c, spec, started, ended, e.retryable() ? DataAccessLog.FAILED : DataAccessLog.REFUSED, e.getMessage());
        log.warn("Lookup {} at {} for case {} (applicant {}) failed: {}", spec.recordType(), spec.source(), c.caseNo(),
                NationalId.mask(c.applicantNationalId()), e.getMessage());
    }

    private void audit(CaseRecord c, EvidenceSpec spec, Instant started, Instant ended, String outcome, String detail) {
        accessLog.append(new DataAccessEntry(UUID.randomUUID().toString(), started, c.id(), c.caseNo(), c.createdBy(),
                c.ownerAgency(), NationalId.mask(c.applicantNationalId()), spec.source(), spec.recordType(),
                String.join(",", spec.fields()), spec.purpose(), spec.legalBasis(), outcome, detail,
                java.time.Duration.between(started, ended).toMillis()));
    }

    private String toJson(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
