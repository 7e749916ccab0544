package tw.kuayu.evidence;

import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.casetype.CatalogProperties.EvidenceSpec;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.connectors.ConnectorException;
import tw.kuayu.connectors.EvidenceHashing;
import tw.kuayu.connectors.EvidenceRecord;
import tw.kuayu.connectors.EvidenceRequest;
import tw.kuayu.web.ApiException;

/**
 * What a separate evidence worker process (group {@code connector-workers}) needs besides the
 * engine's external-task API: the lookups a case still needs, and a place to hand in what each
 * source answered. Kuayu keeps the evidence and the data-access log; the worker holds no database
 * connection and no personal data after a task.
 *
 * <pre>
 * GET  /api/evidence-worker/cases/{caseId}/lookups   → [{source, request: EvidenceRequest}]  (only records not stored yet)
 * POST /api/evidence-worker/cases/{caseId}/records   {source, recordType, startedAt, record: EvidenceRecord} → 204
 * POST /api/evidence-worker/cases/{caseId}/failures  {source, recordType, startedAt, kind, message} → 204
 * </pre>
 */
@RestController
public class EvidenceWorkerController {

    public record Lookup(String source, EvidenceRequest request) {
    }

    public record Answered(String source, String recordType, Instant startedAt, EvidenceRecord record) {
    }

    public record Failed(String source, String recordType, Instant startedAt, ConnectorException.Kind kind, String message) {
    }

    private final EvidenceCollector collector;
    private final CaseMapper cases;
    private final Catalog catalog;

    public EvidenceWorkerController(EvidenceCollector collector, CaseMapper cases, Catalog catalog) {
        this.collector = collector;
        this.cases = cases;
        this.catalog = catalog;
    }

    @GetMapping("/api/evidence-worker/cases/{caseId}/lookups")
    public List<Lookup> lookups(@PathVariable String caseId) {
        CaseRecord c = caseOf(caseId);
        return collector.missing(c).stream().map(spec -> new Lookup(spec.source(), EvidenceCollector.request(c, spec))).toList();
    }

    @PostMapping("/api/evidence-worker/cases/{caseId}/records")
    public ResponseEntity<Void> answered(@PathVariable String caseId, @RequestBody Answered answer) {
        CaseRecord c = caseOf(caseId);
        EvidenceSpec spec = spec(c, answer.source(), answer.recordType());
        EvidenceRecord r = answer.record();
        if (r == null || r.data() == null || !answer.source().equals(r.source()) || !answer.recordType().equals(r.recordType())
                || !EvidenceHashing.sha256(r.data()).equals(r.sha256())) {
            throw ApiException.badRequest("紀錄不完整，或其雜湊值與資料不符，未予採用。", List.of("record"));
        }
        try {
            collector.accept(c, spec, r, answer.startedAt() == null ? r.fetchedAt() : answer.startedAt());
        } catch (ConnectorException refused) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "資料未予採用", refused.getMessage());
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/evidence-worker/cases/{caseId}/failures")
    public ResponseEntity<Void> failed(@PathVariable String caseId, @RequestBody Failed failure) {
        CaseRecord c = caseOf(caseId);
        EvidenceSpec spec = spec(c, failure.source(), failure.recordType());
        if (failure.kind() == null || failure.message() == null || failure.message().isBlank()) {
            throw ApiException.badRequest("請提供失敗類型 kind 與訊息 message。", List.of("kind", "message"));
        }
        String message = failure.message().length() > 500 ? failure.message().substring(0, 500) : failure.message();
        collector.failed(c, spec, failure.startedAt() == null ? Instant.now() : failure.startedAt(),
                new ConnectorException(failure.source(), failure.kind(), message));
        return ResponseEntity.noContent().build();
    }

    private CaseRecord caseOf(String caseId) {
        CaseRecord c = caseId.length() > 36 ? null : cases.findById(caseId);
        if (c == null) {
            throw ApiException.notFound("查無此案件。");
        }
        return c;
    }

    private EvidenceSpec spec(CaseRecord c, String source, String recordType) {
        return catalog.caseType(c.caseType()).orElseThrow().evidence().stream()
                .filter(s -> s.source().equals(source) && s.recordType().equals(recordType)).findFirst()
                .orElseThrow(() -> ApiException.badRequest("此案件類型不調閱 " + source + " 的「" + recordType + "」。", List.of("source", "recordType")));
    }
}
