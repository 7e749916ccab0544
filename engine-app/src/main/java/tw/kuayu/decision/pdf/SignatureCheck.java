package tw.kuayu.decision.pdf;

import java.time.Instant;
import java.util.List;

/**
 * The verification result of one signature in a PDF.
 *
 * @param fieldName               signature field name
 * @param signerCommonName        CN of the signer certificate (the agency name in Kuayu)
 * @param agencyCode              OU of the signer certificate (the agency code in Kuayu), else its O, or null
 * @param signingTime             claimed signing time ({@code /M}), or null if absent
 * @param subFilter               e.g. {@code ETSI.CAdES.detached}
 * @param certification           whether this is a certification (DocMDP) signature
 * @param docMdpPermission        DocMDP /P of a certification signature, else null
 * @param cryptographicallyValid  the CMS signature verifies over the signed byte range
 * @param trusted                 the signer certificate chains to a trust anchor
 * @param coversWholeDocument     the byte range reaches the end of the file
 * @param timestampTime           time of a verified RFC 3161 signature timestamp (PAdES B-T), or
 *                                null when the signature has none
 * @param signedRevisionLength    length of the document revision this signature covers (end of
 *                                its byte range), 0 if the byte range is malformed
 * @param problems                human-readable reasons when something does not check out
 */
public record SignatureCheck(
        String fieldName,
        String signerCommonName,
        String agencyCode,
        Instant signingTime,
        String subFilter,
        boolean certification,
        Integer docMdpPermission,
        boolean cryptographicallyValid,
        boolean trusted,
        boolean coversWholeDocument,
        Instant timestampTime,
        int signedRevisionLength,
        List<String> problems) {

    public SignatureCheck {
        problems = List.copyOf(problems);
    }

    /** Cryptographically valid and trusted. */
    public boolean valid() {
        return cryptographicallyValid && trusted;
    }
}
