package tw.kuayu.evidence;

import static tw.kuayu.calendar.WorkingCalendar.TAIPEI;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tw.kuayu.audit.DataAccessLog;
import tw.kuayu.audit.DataAccessLogMapper.DataAccessEntry;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.casetype.CatalogProperties.CaseType;
import tw.kuayu.casetype.CatalogProperties.EvidenceSpec;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.connectors.AgencyConnector;
import tw.kuayu.connectors.ConnectorRegistry;
import tw.kuayu.connectors.ConnectorException;
import tw.kuayu.connectors.EvidenceRecord;
import tw.kuayu.connectors.EvidenceRequest;
import tw.kuayu.connectors.NationalId;

/**
 * Fetches every record a case type needs (免書證、免謄本) and keeps each answer with the case.
 * Each record is stored in its own transaction and skipped when already there, so a retried job
 * continues where it stopped and never stores a record twice. Every lookup is logged.
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
    private final TransactionTemplate ownTransaction;

    public EvidenceCollector(CaseMapper cases, Catalog catalog, ConnectorRegistry connectors, EvidenceMapper evidence,
                             DataAccessLog accessLog, ObjectMapper json, Clock clock, PlatformTransactionManager transactions) {
        this.cases = cases;
        this.catalog = catalog;
        this.connectors = connectors;
        this.evidence = evidence;
        this.accessLog = accessLog;
        this.json = json;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public void collect(String caseId) {
        CaseRecord c = cases.findById(caseId);
        for (EvidenceSpec spec : missing(c)) {
            fetchOne(c, spec);
        }
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

    private void fetchOne(CaseRecord c, EvidenceSpec spec) {
        AgencyConnector connector = connectors.get(spec.source());
        Instant started = clock.instant();
        EvidenceRecord record;
        try {
            record = connector.fetch(request(c, spec));
        } catch (ConnectorException e) {
            failed(c, spec, started, e);
            throw e;
        }
        accept(c, spec, record, started);
    }

    /**
     * Keeps a record a source answered (here or in a separate worker process): refused when older
     * than the case type allows, else logged and stored once (a second copy of the same record is ignored).
     *
     * @throws ConnectorException (REFUSED) when the record is too old to be used
     */
    public void accept(CaseRecord c, EvidenceSpec spec, EvidenceRecord record, Instant started) {
        long tooOld = record.found()
                ? EvidenceFreshness.daysTooOld(record.asOf(), spec.maxAgeDays(), clock.instant().atZone(TAIPEI).toLocalDate()) : 0;
        if (tooOld > 0) {
            String reason = record.sourceAgency() + "之資料基準日為 " + record.asOf() + "，超過本案件類型可採用之 " + spec.maxAgeDays()
                    + " 日，未予採用；請待來源機關更新資料後重試此作業。";
            ConnectorException refused = new ConnectorException(spec.source(), ConnectorException.Kind.REFUSED, reason);
            failed(c, spec, started, refused);
            throw refused;
        }
        audit(c, spec, started, record.found() ? DataAccessLog.FOUND : DataAccessLog.NO_RECORD, null);
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
        audit(c, spec, started, e.retryable() ? DataAccessLog.FAILED : DataAccessLog.REFUSED, e.getMessage());
        log.warn("Lookup {} at {} for case {} (applicant {}) failed: {}", spec.recordType(), spec.source(), c.caseNo(),
                NationalId.mask(c.applicantNationalId()), e.getMessage());
    }

    private void audit(CaseRecord c, EvidenceSpec spec, Instant started, String outcome, String detail) {
        accessLog.append(new DataAccessEntry(UUID.randomUUID().toString(), started, c.id(), c.caseNo(), c.createdBy(),
                c.ownerAgency(), NationalId.mask(c.applicantNationalId()), spec.source(), spec.recordType(),
                String.join(",", spec.fields()), spec.purpose(), spec.legalBasis(), outcome, detail,
                java.time.Duration.between(started, clock.instant()).toMillis()));
    }

    private String toJson(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
