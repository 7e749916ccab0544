package tw.kuayu.decision;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.casetype.CatalogProperties.Agency;
import tw.kuayu.casetype.CatalogProperties.CaseType;
import tw.kuayu.casetype.CatalogProperties.EvidenceSpec;
import tw.kuayu.casetype.CatalogProperties.LetterText;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.cases.CaseStatus;
import tw.kuayu.cases.Counters;
import tw.kuayu.connectors.NationalId;
import tw.kuayu.decision.DecisionMapper.DecisionInfo;
import tw.kuayu.decision.pdf.DecisionLetter;
import tw.kuayu.decision.pdf.DecisionPdfRenderer;
import tw.kuayu.decision.pdf.PadesSigner;
import tw.kuayu.evidence.EvidenceMapper;
import tw.kuayu.evidence.EvidenceMapper.StoredEvidence;

/**
 * Issues a case's decision (處分書): fills the case type's letter text, lists the evidence relied
 * on, renders the official letter, signs it with the owning agency's key and stores it once.
 * Issuing twice (a retried job) keeps the first document.
 */
@Service
public class DecisionIssuer {

    public static final String ISSUED = "issued";

    private final CaseMapper cases;
    private final Catalog catalog;
    private final EvidenceMapper evidence;
    private final DecisionMapper decisions;
    private final Counters counters;
    private final DecisionPdfRenderer renderer;
    private final PadesSigner signer;
    private final AgencyCredentials credentials;
    private final ObjectMapper json;
    private final Clock clock;
    private final String publicUrl;

    public DecisionIssuer(CaseMapper cases, Catalog catalog, EvidenceMapper evidence, DecisionMapper decisions, Counters counters,
                          DecisionPdfRenderer renderer, PadesSigner signer, AgencyCredentials credentials, ObjectMapper json,
                          Clock clock, @Value("${kuayu.public-url}") String publicUrl) {
        this.cases = cases;
        this.catalog = catalog;
        this.evidence = evidence;
        this.decisions = decisions;
        this.counters = counters;
        this.renderer = renderer;
        this.signer = signer;
        this.credentials = credentials;
        this.json = json;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    /**
     * @param approved whether the final approver approved (核定) or rejected (駁回)
     * @param reason   the stated reason for a rejection; may be null for an approval
     */
    @Transactional
    public DecisionInfo issue(String caseId, boolean approved, String reason) {
        DecisionInfo existing = decisions.findByCase(caseId);
        if (existing != null) {
            return existing;
        }
        CaseRecord c = cases.findById(caseId);
        CaseType type = catalog.caseType(c.caseType()).orElseThrow();
        Agency owner = catalog.agency(c.ownerAgency());
        Instant now = clock.instant();
        LocalDate today = now.atZone(Counters.TAIPEI).toLocalDate();
        String documentNo = counters.nextDocumentNo(owner.code(), owner.documentPrefix());

        LetterText text = approved ? type.decision().approved() : type.decision().rejected();
        Map<String, String> values = placeholders(c, reason);
        List<StoredEvidence> relied = evidence.findByCase(caseId);
        DecisionLetter letter = new DecisionLetter(owner.name(), documentNo, today, c.caseNo(), c.applicantName(),
                NationalId.mask(c.applicantNationalId()), fill(text.subject(), values),
                text.details().stream().map(d -> fill(d, values)).toList(), type.legalBasis(),
                relied.stream().map(e -> new DecisionLetter.Evidence(e.sourceAgency(), describe(type, e),
                        e.fetchedAt(), e.asOf() != null ? e.asOf() : e.fetchedAt().atZone(Counters.TAIPEI).toLocalDate(),
                        e.sha256().substring(0, 16))).toList(),
                List.of(new DecisionLetter.SigningAgency(owner.name(), "機關首長")),
                publicUrl + "/verify?documentNo=" + URLEncoder.encode(documentNo, StandardCharsets.UTF_8));

        byte[] pdf = signer.sign(renderer.render(letter), credentials.of(c.ownerAgency()), approved ? "核定" : "駁回");
        DecisionInfo info = new DecisionInfo(UUID.randomUUID().toString(), caseId, documentNo, approved ? "approved" : "rejected",
                reason, now, ISSUED, c.ownerAgency(), sha256(pdf));
        decisions.insert(info, pdf);
        cases.close(caseId, approved ? CaseStatus.APPROVED : CaseStatus.REJECTED, now);
        return info;
    }

    private String describe(CaseType type, StoredEvidence e) {
        String label = type.evidence().stream()
                .filter(s -> s.source().equals(e.source()) && s.recordType().equals(e.recordType()))
                .map(EvidenceSpec::label).filter(l -> l != null && !l.isBlank()).findFirst().orElse(e.recordType());
        return e.found() ? label : label + "（查無資料）";
    }

    private Map<String, String> placeholders(CaseRecord c, String reason) {
        Map<String, String> values = new HashMap<>();
        try {
            Map<String, Object> data = json.readValue(c.dataJson(), new TypeReference<Map<String, Object>>() { });
            data.forEach((k, v) -> values.put(k, String.valueOf(v)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        values.put("applicantName", c.applicantName());
        values.put("caseNo", c.caseNo());
        values.put("receivedDate", DecisionPdfRenderer.rocDate(c.receivedAt().atZone(Counters.TAIPEI).toLocalDate()));
        values.put("reason", reason == null ? "" : reason);
        return values;
    }

    static String fill(String template, Map<String, String> values) {
        String result = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            result = result.replace("{" + e.getKey() + "}", e.getValue());
        }
        return result;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
