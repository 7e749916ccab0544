package tw.kuayu.decision;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tw.kuayu.casetype.CatalogProperties.Agency;
import tw.kuayu.casetype.CatalogProperties.CaseType;
import tw.kuayu.casetype.CatalogProperties.EvidenceSpec;
import tw.kuayu.casetype.CatalogProperties.LetterText;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.cases.Counters;
import tw.kuayu.connectors.NationalId;
import tw.kuayu.decision.pdf.DecisionLetter;
import tw.kuayu.decision.pdf.DecisionPdfRenderer;
import tw.kuayu.evidence.EvidenceMapper;
import tw.kuayu.evidence.EvidenceMapper.StoredEvidence;

/** Fills the case type's letter text and lists the evidence relied on: everything printed on a decision. */
@Component
class LetterComposer {

    private final EvidenceMapper evidence;
    private final ObjectMapper json;
    private final String publicUrl;

    LetterComposer(EvidenceMapper evidence, ObjectMapper json, @Value("${kuayu.public-url}") String publicUrl) {
        this.evidence = evidence;
        this.json = json;
        this.publicUrl = publicUrl;
    }

    /**
     * @param issuing the deciding agency, which issues the letter under its document number
     * @param signing every signing agency in signing order, the deciding agency first
     */
    DecisionLetter compose(CaseRecord c, CaseType type, boolean approved, String reason, Agency issuing, String documentNo,
                           LocalDate date, List<Agency> signing) {
        LetterText text = approved ? type.decision().approved() : type.decision().rejected();
        Map<String, String> values = placeholders(c, reason);
        List<StoredEvidence> relied = evidence.findByCase(c.id());
        return new DecisionLetter(issuing.name(), documentNo, date, c.caseNo(), c.applicantName(),
                NationalId.mask(c.applicantNationalId()), fill(text.subject(), values),
                text.details().stream().map(d -> fill(d, values)).toList(), type.legalBasis(),
                relied.stream().map(e -> new DecisionLetter.Evidence(e.sourceAgency(), describe(type, e),
                        e.fetchedAt(), e.asOf() != null ? e.asOf() : e.fetchedAt().atZone(Counters.TAIPEI).toLocalDate(),
                        e.sha256().substring(0, 16))).toList(),
                signing.stream().map(a -> new DecisionLetter.SigningAgency(a.name(), "機關首長")).toList(),
                publicUrl + "/verify?documentNo=" + URLEncoder.encode(documentNo, StandardCharsets.UTF_8));
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
}
