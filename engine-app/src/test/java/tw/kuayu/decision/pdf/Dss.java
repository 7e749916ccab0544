package tw.kuayu.decision.pdf;

import eu.europa.esig.dss.diagnostic.CertificateWrapper;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.reports.Reports;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The EU DSS library as an independent verifier of Kuayu's signed PDFs: nothing of Kuayu's own
 * verifier is used. Revocation is not fetched (the demo CA publishes none), so the tests read
 * DSS's diagnostic data (integrity, cryptographic validity, chain, PAdES level) rather than
 * expecting a TOTAL_PASSED indication.
 */
public final class Dss {

    /**
     * One signature as DSS sees it.
     *
     * @param agency       the signer certificate's organisational unit (Kuayu's agency code)
     * @param format       the PAdES level DSS classifies it as, e.g. PAdES-BASELINE-B
     * @param intact       the signed byte range hashes to the signed message digest
     * @param valid        the signature value verifies with the signer's key
     * @param trustedChain the signer certificate chains to one of the trust anchors
     */
    public record Signature(String agency, String signer, SignatureLevel format, boolean intact, boolean valid,
                            boolean trustedChain, Indication indication, SubIndication subIndication) {
    }

    private Dss() {
    }

    /** Every signature in signing order (by the end of its byte range, i.e. its revision). */
    public static List<Signature> validate(byte[] pdf, Collection<X509Certificate> trustAnchors) {
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trustAnchors.forEach(c -> trusted.addCertificate(new CertificateToken(c)));
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setTrustedCertSources(trusted);
        PDFDocumentValidator validator = new PDFDocumentValidator(new InMemoryDocument(pdf));
        validator.setCertificateVerifier(verifier);
        Reports reports = validator.validateDocument();
        return reports.getDiagnosticData().getSignatures().stream()
                .sorted(Comparator.comparing(Dss::revisionEnd))
                .map(s -> {
                    CertificateWrapper cert = s.getSigningCertificate();
                    return new Signature(cert == null ? null : cert.getOrganizationalUnit(),
                            cert == null ? null : cert.getCommonName(), s.getSignatureFormat(), s.isSignatureIntact(),
                            s.isSignatureValid(), s.isTrustedChain(), reports.getSimpleReport().getIndication(s.getId()),
                            reports.getSimpleReport().getSubIndication(s.getId()));
                })
                .toList();
    }

    private static BigInteger revisionEnd(SignatureWrapper s) {
        List<BigInteger> range = s.getSignatureByteRange();
        return range.get(2).add(range.get(3));
    }
}
