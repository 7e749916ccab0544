package tw.kuayu.decision.pdf;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything printed on a decision letter (公文 函). Immutable; the lists are copied.
 *
 * <p>The letter never carries raw personal data: the applicant's national ID must already be
 * masked (e.g. {@code A12****789}), and evidence is described by its source, time and a SHA-256
 * prefix, not by its contents.
 *
 * @param issuingAgency        issuing agency, e.g. 臺北市稅捐稽徵處
 * @param documentNumber       發文字號, e.g. 北市稽財字第1150000123號
 * @param issueDate            發文日期, printed in the ROC calendar
 * @param caseNumber           案號
 * @param applicantName        受文者 (the applicant)
 * @param maskedNationalId     the applicant's national ID, masked
 * @param subject              主旨
 * @param details              說明, one entry per numbered paragraph (一、二、…)
 * @param legalBasis           依據
 * @param evidence             the fetched records the decision relied on (資料來源)
 * @param signingAgencies      the agencies that sign, in signing order (會銜 when more than one)
 * @param verificationUrl      where anyone can verify the document (QR code)
 */
public record DecisionLetter(
        String issuingAgency,
        String documentNumber,
        LocalDate issueDate,
        String caseNumber,
        String applicantName,
        String maskedNationalId,
        String subject,
        List<String> details,
        String legalBasis,
        List<Evidence> evidence,
        List<SigningAgency> signingAgencies,
        String verificationUrl) {

    private static final Pattern CLEAR_ID = Pattern.compile(".*[A-Za-z][0-9]{9}.*");

    public DecisionLetter {
        requireText(issuingAgency, "issuingAgency");
        requireText(documentNumber, "documentNumber");
        Objects.requireNonNull(issueDate, "issueDate");
        requireText(caseNumber, "caseNumber");
        requireText(applicantName, "applicantName");
        requireText(maskedNationalId, "maskedNationalId");
        if (!maskedNationalId.contains("*") || CLEAR_ID.matcher(maskedNationalId).matches()) {
            // never echo the value: it may be a national ID in clear
            throw new IllegalArgumentException(
                    "maskedNationalId must be masked (e.g. A12****789), not a national ID in clear");
        }
        requireText(subject, "subject");
        details = List.copyOf(Objects.requireNonNull(details, "details"));
        legalBasis = legalBasis == null ? "" : legalBasis;
        evidence = List.copyOf(Objects.requireNonNull(evidence, "evidence"));
        signingAgencies = List.copyOf(Objects.requireNonNull(signingAgencies, "signingAgencies"));
        if (signingAgencies.isEmpty()) {
            throw new IllegalArgumentException("at least one signing agency is required");
        }
        requireText(verificationUrl, "verificationUrl");
    }

    /**
     * One record the decision relied on.
     *
     * @param sourceAgency      agency that holds the record, e.g. 內政部戶政司
     * @param description       what the record is, e.g. 戶籍資料（設籍地址）
     * @param fetchedAt         when Kuayu fetched it (UTC); printed in Asia/Taipei time
     * @param asOf              the date the source data is current to (資料基準日)
     * @param sha256Prefix      leading hex digits of the SHA-256 of the stored snapshot
     */
    public record Evidence(String sourceAgency, String description, Instant fetchedAt,
                           LocalDate asOf, String sha256Prefix) {

        private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{8,64}");

        public Evidence {
            requireText(sourceAgency, "sourceAgency");
            requireText(description, "description");
            Objects.requireNonNull(fetchedAt, "fetchedAt");
            Objects.requireNonNull(asOf, "asOf");
            if (sha256Prefix == null || !HEX.matcher(sha256Prefix).matches()) {
                throw new IllegalArgumentException("sha256Prefix must be 8 to 64 hex digits");
            }
            sha256Prefix = sha256Prefix.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * An agency that signs the letter.
     *
     * @param agencyName  e.g. 臺北市政府都市發展局
     * @param signerTitle e.g. 局長
     */
    public record SigningAgency(String agencyName, String signerTitle) {
        public SigningAgency {
            requireText(agencyName, "agencyName");
            requireText(signerTitle, "signerTitle");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
