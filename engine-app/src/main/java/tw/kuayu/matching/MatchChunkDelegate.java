package tw.kuayu.matching;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tw.kuayu.OwnTransaction;
import tw.kuayu.audit.DataAccessLog;
import tw.kuayu.audit.DataAccessLogMapper.DataAccessEntry;
import tw.kuayu.connectors.AgencyConnector;
import tw.kuayu.connectors.ConnectorException;
import tw.kuayu.connectors.ConnectorRegistry;
import tw.kuayu.connectors.EvidenceRecord;
import tw.kuayu.connectors.EvidenceRequest;
import tw.kuayu.connectors.NationalId;
import tw.kuayu.matching.MatchingMapper.MatchingItem;
import tw.kuayu.matching.MatchingMapper.MatchingJob;

/**
 * {@code ${matchChunk}}: looks up the persons of one chunk ({@code chunk}) not yet answered. Each
 * answer is stored in its own transaction with one data-access log entry (the job number stands in
 * for the case number), so a retried chunk continues where it stopped. A source that cannot answer
 * fails the job, which the engine retries; a refusal for one person is that person's result.
 */
@Component("matchChunk")
public class MatchChunkDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(MatchChunkDelegate.class);

    private final MatchingMapper mapper;
    private final ConnectorRegistry connectors;
    private final DataAccessLog accessLog;
    private final ObjectMapper json;
    private final Clock clock;
    private final OwnTransaction ownTransaction;

    public MatchChunkDelegate(MatchingMapper mapper, ConnectorRegistry connectors, DataAccessLog accessLog, ObjectMapper json, Clock clock,
                              OwnTransaction ownTransaction) {
        this.mapper = mapper;
        this.connectors = connectors;
        this.accessLog = accessLog;
        this.json = json;
        this.clock = clock;
        this.ownTransaction = ownTransaction;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String jobId = (String) execution.getVariable("matchingJobId");
        int chunk = ((Number) execution.getVariable("chunk")).intValue();
        MatchingJob job = mapper.find(jobId);
        AgencyConnector connector = connectors.get(job.source());
        for (MatchingItem item : mapper.pending(jobId, chunk)) {
            Instant started = clock.instant();
            EvidenceRequest request = new EvidenceRequest(job.jobNo(), item.nationalId(), job.recordType(), job.fieldList(), job.purpose(),
                    job.legalBasis(), job.requestedBy());
            try {
                EvidenceRecord record = connector.fetch(request);
                String outcome = record.found() ? DataAccessLog.FOUND : DataAccessLog.NO_RECORD;
                audit(job, item, started, outcome, null);
                store(new MatchingItem(jobId, item.lineNo(), chunk, item.nationalId(), outcome, record.found() ? toJson(record.data()) : null,
                        null, record.asOf(), clock.instant()));
            } catch (ConnectorException e) {
                audit(job, item, started, e.retryable() ? DataAccessLog.FAILED : DataAccessLog.REFUSED, e.getMessage());
                if (e.retryable()) {
                    log.warn("matching {} chunk {}: source {} failed at line {} ({}): {}", job.jobNo(), chunk, job.source(), item.lineNo(),
                            NationalId.mask(item.nationalId()), e.getMessage());
                    throw e;
                }
                store(new MatchingItem(jobId, item.lineNo(), chunk, item.nationalId(), DataAccessLog.REFUSED, null, e.getMessage(), null,
                        clock.instant()));
            }
        }
    }

    private void store(MatchingItem answered) {
        ownTransaction.executeWithoutResult(s -> mapper.answered(answered));
    }

    private void audit(MatchingJob job, MatchingItem item, Instant started, String outcome, String detail) {
        accessLog.append(new DataAccessEntry(UUID.randomUUID().toString(), started, job.id(), job.jobNo(), job.requestedBy(), job.agency(),
                NationalId.mask(item.nationalId()), job.source(), job.recordType(), job.fields(), job.purpose(), job.legalBasis(), outcome,
                detail, Duration.between(started, clock.instant()).toMillis()));
    }

    private String toJson(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
