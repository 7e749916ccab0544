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
            JointReview jointReview,
            Referral referral,
            CoSigning coSigning,
            Correction correction,
            Map<String, Integer> stepTargets) {

        public CaseType {
            stepTargets = stepTargets == null ? Map.of() : Map.copyOf(stepTargets);
            dataFields = dataFields == null ? List.of() : List.copyOf(dataFields);
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
            jointReview = jointReview == null ? new JointReview(List.of(), 5, 2) : jointReview;
            referral = referral == null ? new Referral(List.of()) : referral;
            coSigning = coSigning == null ? new CoSigning(List.of()) : coSigning;
            correction = correction == null ? new Correction(10) : correction;
        }

        /** Every agency that may work on or sign a case of this type besides the owner. */
        public List<String> participatingAgencies() {
            return java.util.stream.Stream.of(jointReview.agencies(), referral.levels(), coSigning.agencies())
                    .flatMap(List::stream).distinct().toList();
        }
    }

    /** 會辦: the agencies asked in parallel, each reviewer's deadline, and the grace before escalation. */
    public record JointReview(List<String> agencies, Integer workingDays, Integer escalateAfterWorkingDays) {
        public JointReview {
            agencies = agencies == null ? List.of() : List.copyOf(agencies);
            workingDays = workingDays == null ? 5 : workingDays;
            escalateAfterWorkingDays = escalateAfterWorkingDays == null ? 2 : escalateAfterWorkingDays;
        }
    }

    /** 層轉核示: the higher authorities a case is referred to, lowest first; the last one rules. */
    public record Referral(List<String> levels) {
        public Referral {
            levels = levels == null ? List.of() : List.copyOf(levels);
        }
    }

    /** 會銜: the agencies that sign the decision after the deciding agency, in order. */
    public record CoSigning(List<String> agencies) {
        public CoSigning {
            agencies = agencies == null ? List.of() : List.copyOf(agencies);
        }
    }

    /** 補正: how many working days the applicant has to answer a correction request. */
    public record Correction(Integer workingDays) {
        public Correction {
            workingDays = workingDays == null ? 10 : workingDays;
        }
    }

    public record DataField(String name, String label, boolean required, Integer maxLength) {
    }

    /**
     * One record a case type fetches, with only the fields its legal basis allows. {@code maxAgeDays}:
     * how old the source's data may be (its as-of date, e.g. a monthly batch), null for no limit.
     */
    public record EvidenceSpec(String source, String recordType, String label, List<String> fields, String purpose, String legalBasis,
                               Integer maxAgeDays) {
    }

    public record DecisionTexts(LetterText approved, LetterText rejected) {
    }

    /** Wording of a decision letter; {placeholders} are filled from the case. */
    public record LetterText(String subject, List<String> details) {
    }
}
