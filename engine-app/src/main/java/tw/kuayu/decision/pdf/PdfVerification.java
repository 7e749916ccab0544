package tw.kuayu.decision.pdf;

import java.util.List;

/**
 * The verification result of a signed PDF.
 *
 * @param signatures           each signature, in signing order
 * @param modifiedAfterSigning bytes follow the last signature's byte range (the last signature does
 *                             not cover the whole file: something was appended after signing)
 * @param valid                at least one signature, all valid and trusted, and not modified
 * @param problems             document-level problems (unreadable PDF, no signatures, …)
 */
public record PdfVerification(
        List<SignatureCheck> signatures,
        boolean modifiedAfterSigning,
        boolean valid,
        List<String> problems) {

    public PdfVerification {
        signatures = List.copyOf(signatures);
        problems = List.copyOf(problems);
    }
}
