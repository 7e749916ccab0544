package tw.kuayu.decision.pdf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the signatures in a PDF: for each signature (in signing order) whether its CMS
 * signature verifies over its byte range and whether the signer certificate chains to one of the
 * trust anchors; for the document whether anything was appended after the last signature.
 *
 * <p>An RFC 3161 signature timestamp (PAdES B-T), when present, must cover the signature value and
 * verify, and its authority must chain to a trust anchor as well; the signer certificate is then
 * checked at the timestamp's time instead of the claimed {@code /M} time.
 *
 * <p>Revocation (CRL/OCSP) is not checked. DocMDP is checked in a simplified way: a certification
 * signature must be the first one, P=1 forbids later signatures, and the pages (count, media box,
 * rotation, content streams) covered by each signature must still be the pages of the final
 * document; changes to other objects between signatures (e.g. annotations) are not analysed.
 * Anything after the last signature is reported as {@link PdfVerification#modifiedAfterSigning()}.
 *
 * <p>Thread-safe.
 */
public final class PdfSignatureVerifier {

    private static final Logger log = LoggerFactory.getLogger(PdfSignatureVerifier.class);

    private final Set<TrustAnchor> anchors;
    private final BouncyCastleProvider provider = new BouncyCastleProvider();

    public PdfSignatureVerifier(Collection<X509Certificate> trustAnchors) {
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate c : trustAnchors) {
            set.add(new TrustAnchor(c, null));
        }
        this.anchors = Set.copyOf(set);
    }

    /** How the single problem of a file PDFBox cannot parse begins. */
    public static final String UNREADABLE = "not a readable PDF: ";

    public PdfVerification verify(byte[] pdf) {
        Objects.requireNonNull(pdf, "pdf");
        List<SignatureCheck> checks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            List<PDSignatureField> fields = new ArrayList<>();
            for (PDSignatureField f : doc.getSignatureFields()) {
                if (f.getSignature() != null) {
                    fields.add(f);
                }
            }
            fields.sort(Comparator.comparingInt(f -> rangeOrder(f.getSignature())));
            for (int i = 0; i < fields.size(); i++) {
                SignatureCheck check = check(pdf, fields.get(i).getFullyQualifiedName(), fields.get(i).getSignature(), i);
                checks.add(check);
                if (i > 0 && checks.get(0).docMdpPermission() != null && checks.get(0).docMdpPermission() == 1) {
                    problems.add("signature " + (i + 1) + " was added although the certification signature "
                            + "forbids changes (DocMDP P=1)");
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("PDF cannot be read for verification", e);
            return new PdfVerification(checks, false, false,
                    List.of(UNREADABLE + e.getMessage()));
        }
        if (checks.isEmpty()) {
            problems.add("the document has no signatures");
        } else {
            pagesUnchangedAfterEachSignature(pdf, checks, problems);
        }
        boolean modified = !checks.isEmpty() && !checks.get(checks.size() - 1).coversWholeDocument();
        if (modified) {
            problems.add("the document was changed after the last signature");
            pageChangesAfterLastSignature(pdf, checks.get(checks.size() - 1), problems);
        }
        boolean valid = !checks.isEmpty() && problems.isEmpty() && checks.stream().allMatch(SignatureCheck::valid);
        return new PdfVerification(checks, modified, valid, problems);
    }

    /**
     * Between signatures only form fill-in and further signatures are allowed (DocMDP P=2): the
     * pages (count, size and content streams) each signature saw must be the pages of the final
     * document.
     */
    private static void pagesUnchangedAfterEachSignature(byte[] pdf, List<SignatureCheck> checks,
                                                         List<String> problems) {
        List<String> finalPages;
        try {
            finalPages = pageFingerprints(pdf);
        } catch (IOException | GeneralSecurityException e) {
            problems.add("the pages cannot be read: " + e.getMessage());
            return;
        }
        for (int i = 0; i < checks.size() - 1; i++) {
            int end = checks.get(i).signedRevisionLength();
            if (end <= 0 || end > pdf.length) {
                continue;
            }
            try {
                if (!pageFingerprints(Arrays.copyOf(pdf, end)).equals(finalPages)) {
                    problems.add("pages were changed after signature " + (i + 1)
                            + " (only form fill-in and further signatures are allowed)");
                }
            } catch (IOException | GeneralSecurityException e) {
                problems.add("the revision signed by signature " + (i + 1) + " cannot be read: " + e.getMessage());
            }
        }
    }

    /** Says which pages were added, removed or changed by what follows the last signature, if any. */
    private static void pageChangesAfterLastSignature(byte[] pdf, SignatureCheck last, List<String> problems) {
        int end = last.signedRevisionLength();
        if (end <= 0 || end >= pdf.length) {
            return;
        }
        List<String> signed;
        List<String> now;
        try {
            signed = pageFingerprints(Arrays.copyOf(pdf, end));
            now = pageFingerprints(pdf);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return; // already reported as changed; the pages of one revision cannot be compared
        }
        int common = Math.min(signed.size(), now.size());
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < common; i++) {
            if (!signed.get(i).equals(now.get(i))) {
                changed.add(i + 1);
            }
        }
        if (now.size() > signed.size()) {
            problems.add((now.size() - signed.size()) + " page(s) added after the last signature: the signed document has "
                    + signed.size() + " page(s), the file " + now.size() + " (" + pageRange(signed.size() + 1, now.size()) + " not signed)");
        } else if (now.size() < signed.size()) {
            problems.add((signed.size() - now.size()) + " page(s) removed after the last signature: the signed document has "
                    + signed.size() + " page(s), the file " + now.size());
        }
        if (!changed.isEmpty()) {
            problems.add("page(s) " + changed + " changed after the last signature");
        }
    }

    private static String pageRange(int from, int to) {
        return from == to ? "page " + from : "pages " + from + "-" + to;
    }

    private static List<String> pageFingerprints(byte[] pdf) throws IOException, GeneralSecurityException {
        List<String> pages = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            for (PDPage page : doc.getPages()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update(page.getMediaBox().toString().getBytes(StandardCharsets.US_ASCII));
                md.update((byte) page.getRotation());
                try (InputStream in = page.getContents()) {
                    md.update(in.readAllBytes());
                }
                pages.add(HexFormat.of().formatHex(md.digest()));
            }
        }
        return pages;
    }

    private static int rangeOrder(PDSignature sig) {
        int[] br = sig.getByteRange();
        return br.length > 1 ? br[1] : 0;
    }

    private SignatureCheck check(byte[] pdf, String fieldName, PDSignature sig, int index) {
        List<String> problems = new ArrayList<>();
        String field = fieldName == null ? "signature" + (index + 1) : fieldName;
        Instant signingTime = sig.getSignDate() == null ? null : sig.getSignDate().toInstant();
        String subFilter = sig.getSubFilter();
        Integer mdp = PadesSigner.docMdpPermission(sig.getCOSObject());
        if (mdp != null && index > 0) {
            problems.add("a certification signature must be the first signature");
        }
        int[] br = sig.getByteRange();
        boolean rangeOk = byteRangeOk(pdf, br);
        boolean covers = rangeOk && (long) br[2] + br[3] == pdf.length;
        if (!rangeOk) {
            problems.add("byte range is malformed or does not match the signature contents");
            return new SignatureCheck(field, null, null, signingTime, subFilter, mdp != null, mdp,
                    false, false, false, null, 0, problems);
        }
        String cn = null;
        String ou = null;
        boolean crypto = false;
        boolean trusted = false;
        Instant timestampTime = null;
        try {
            byte[] contents = sig.getContents(pdf);
            byte[] signed = sig.getSignedContent(pdf);
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(signed), contents);
            Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                problems.add("expected one CMS signer, found " + signers.size());
            }
            SignerInformation signer = signers.iterator().next();
            Store<X509CertificateHolder> store = cms.getCertificates();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = store.getMatches(signer.getSID());
            if (matches.isEmpty()) {
                problems.add("the signer certificate is not in the signature");
            } else {
                X509CertificateHolder holder = matches.iterator().next();
                X500Name subject = holder.getSubject();
                cn = AgencyCredential.rdn(subject, BCStyle.CN);
                ou = agency(subject);
                crypto = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(provider).build(holder));
                if (!crypto) {
                    problems.add("the CMS signature does not verify");
                }
                if ("ETSI.CAdES.detached".equals(subFilter) && !signingCertificateV2Matches(signer, holder)) {
                    crypto = false;
                    problems.add("ESS signing-certificate-v2 attribute missing or not matching the signer certificate");
                }
                Attribute tsAttr = signer.getUnsignedAttributes() == null ? null
                        : signer.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
                boolean timestampTrusted = true;
                if (tsAttr != null) {
                    TimeStampToken token = new TimeStampToken(
                            ContentInfo.getInstance(tsAttr.getAttrValues().getObjectAt(0)));
                    List<String> tsProblems = new ArrayList<>();
                    if (timestampVerifies(token, signer.getSignature(), tsProblems)) {
                        timestampTime = token.getTimeStampInfo().getGenTime().toInstant();
                        timestampTrusted = timestampAuthorityTrusted(token, tsProblems);
                    } else {
                        crypto = false;
                    }
                    problems.addAll(tsProblems);
                }
                JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
                X509Certificate cert = converter.getCertificate(holder);
                List<X509Certificate> all = new ArrayList<>();
                for (X509CertificateHolder h : store.getMatches(null)) {
                    all.add(converter.getCertificate(h));
                }
                // with a verified timestamp the certificate must be valid at the trusted time
                trusted = chainsToAnchor(cert, all, timestampTime != null ? timestampTime : signingTime, problems)
                        && timestampTrusted;
                if (!keyUsageAllowsSigning(cert)) {
                    trusted = false;
                    problems.add("the signer certificate's key usage does not allow signing");
                }
            }
        } catch (CMSException | IOException | OperatorCreationException | GeneralSecurityException
                 | TSPException | RuntimeException e) {
            crypto = false;
            problems.add("the signature cannot be verified: " + e.getMessage());
        }
        return new SignatureCheck(field, cn, ou, signingTime, subFilter, mdp != null, mdp, crypto, trusted,
                covers, timestampTime, br[2] + br[3], problems);
    }

    /** The agency from the certificate's organisation: its unit (OU, Kuayu's agency code), else the organisation (O). */
    private static String agency(X500Name subject) {
        String unit = AgencyCredential.rdn(subject, BCStyle.OU);
        return unit != null ? unit : AgencyCredential.rdn(subject, BCStyle.O);
    }

    private boolean timestampVerifies(TimeStampToken token, byte[] signatureValue, List<String> problems) {
        try {
            String alg = token.getTimeStampInfo().getMessageImprintAlgOID().getId();
            byte[] expected = MessageDigest.getInstance(alg).digest(signatureValue);
            if (!Arrays.equals(expected, token.getTimeStampInfo().getMessageImprintDigest())) {
                problems.add("the timestamp does not cover this signature");
                return false;
            }
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> tsa = token.getCertificates().getMatches(token.getSID());
            if (tsa.isEmpty()) {
                problems.add("the timestamp does not include the timestamp authority's certificate");
                return false;
            }
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(provider).build(tsa.iterator().next()));
            return true;
        } catch (GeneralSecurityException | OperatorCreationException | TSPException e) {
            problems.add("the timestamp does not verify: " + e.getMessage());
            return false;
        }
    }

    private boolean timestampAuthorityTrusted(TimeStampToken token, List<String> problems) {
        try {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> tsa = token.getCertificates().getMatches(token.getSID());
            List<X509Certificate> all = new ArrayList<>();
            for (X509CertificateHolder h : token.getCertificates().getMatches(null)) {
                all.add(converter.getCertificate(h));
            }
            List<String> chainProblems = new ArrayList<>();
            boolean ok = chainsToAnchor(converter.getCertificate(tsa.iterator().next()), all,
                    token.getTimeStampInfo().getGenTime().toInstant(), chainProblems);
            if (!ok) {
                problems.add("the timestamp authority is not trusted");
            }
            return ok;
        } catch (GeneralSecurityException e) {
            problems.add("the timestamp authority certificate cannot be read: " + e.getMessage());
            return false;
        }
    }

    /** [0, a, b, c] with the gap a..b holding exactly the hex string {@code <...>}. */
    private static boolean byteRangeOk(byte[] pdf, int[] br) {
        if (br == null || br.length != 4 || br[0] != 0 || br[1] <= 0 || br[2] <= br[1] || br[3] < 0
                || (long) br[2] + br[3] > pdf.length) {
            return false;
        }
        if (pdf[br[1]] != '<' || pdf[br[2] - 1] != '>') {
            return false;
        }
        for (int i = br[1] + 1; i < br[2] - 1; i++) {
            if (Character.digit(pdf[i], 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean signingCertificateV2Matches(SignerInformation signer, X509CertificateHolder cert)
            throws IOException, GeneralSecurityException {
        AttributeTable attrs = signer.getSignedAttributes();
        Attribute attr = attrs == null ? null : attrs.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
        if (attr == null) {
            return false;
        }
        ASN1Encodable value = attr.getAttrValues().getObjectAt(0);
        ESSCertIDv2[] ids = SigningCertificateV2.getInstance(value).getCerts();
        if (ids.length == 0) {
            return false;
        }
        String alg = ids[0].getHashAlgorithm().getAlgorithm().getId();
        MessageDigest md = MessageDigest.getInstance(alg);
        return Arrays.equals(md.digest(cert.getEncoded()), ids[0].getCertHash());
    }

    private boolean chainsToAnchor(X509Certificate cert, List<X509Certificate> certs, Instant at,
                                   List<String> problems) {
        if (anchors.isEmpty()) {
            problems.add("no trust anchors configured");
            return false;
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(cert);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(certs)));
            if (at != null) {
                params.setDate(Date.from(at));
            }
            CertPathBuilder.getInstance("PKIX").build(params);
            return true;
        } catch (GeneralSecurityException e) {
            problems.add("the signer certificate does not chain to a trusted root: " + e.getMessage());
            return false;
        }
    }

    private static boolean keyUsageAllowsSigning(X509Certificate cert) {
        boolean[] ku = cert.getKeyUsage();
        return ku == null || ku[0] || ku[1];
    }
}
