package tw.kuayu.casetype;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Agencies and case types, bound from {@code kuayu-case-types.yaml}. */
@ConfigurationProperties("kuayu")
public record CatalogProperties(Map<String, Agency> agencies, Map<String, CaseType> caseTypes) {

    public CatalogProperties {
        agencies = agencies == null ? Map.of() : Map.copyOf(agencies);
        caseTypes = caseTypes == null ? Map.of() : Map.copyOf(caseTypes);
    }

    /** An agency; its key (e.g. {@code tpe-tax}) is also its group id in the engine's identity store. */
    public record Agency(String name, String code, String documentPrefix) {
    }

    public record CaseType(
            String name,
            String processKey,
            String ownerAgency,
            String approverRole,
            int statutoryDays,
            String legalBasis,
            String eligibilityDecision,
            List<DataField> dataFields,
            List<EvidenceSpec> evidence,
            DecisionTexts decision,
            CoSigning coSigning) {

        public CaseType {
            dataFields = dataFields == null ? List.of() : List.copyOf(dataFields);
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }
    }

    /** Co-signing (會銜): the agencies that sign after the deciding agency, in signing order. */
    public record CoSigning(List<String> agencies) {
    }

    public record DataField(String name, String label, boolean required, Integer maxLength) {
    }

    /** One record a case type fetches, with only the fields its legal basis allows. */
    public record EvidenceSpec(String source, String recordType, String label, List<String> fields, String purpose, String legalBasis) {
    }

    public record DecisionTexts(LetterText approved, LetterText rejected) {
    }

    /** Wording of a decision letter; {placeholders} are filled from the case. */
    public record LetterText(String subject, List<String> details) {
    }
}
