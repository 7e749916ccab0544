package tw.kuayu.connectors;

import java.util.List;
import java.util.Objects;

/**
 * One lookup of an applicant's record at an agency source.
 *
 * @param caseNo     the case the lookup is made for (recorded by the source and in Kuayu's audit log)
 * @param nationalId the applicant's national ID (身分證統一編號); never logged in clear
 * @param recordType what is asked for, e.g. {@code household-registration}
 * @param fields     the fields the case type's legal basis allows (比例原則); the connector returns no others
 * @param purpose    why the lookup is made, in words an auditor understands
 * @param legalBasis the statute that allows it, e.g. 土地稅法第9條
 * @param requestedBy the user or system account on whose behalf the lookup is made
 */
public record EvidenceRequest(
        String caseNo,
        String nationalId,
        String recordType,
        List<String> fields,
        String purpose,
        String legalBasis,
        String requestedBy) {

    public EvidenceRequest {
        Objects.requireNonNull(caseNo, "caseNo");
        Objects.requireNonNull(nationalId, "nationalId");
        Objects.requireNonNull(recordType, "recordType");
        fields = fields == null ? List.of() : List.copyOf(fields);
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(legalBasis, "legalBasis");
    }
}
