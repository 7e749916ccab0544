package tw.kuayu.decision.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Calendar;
import java.util.List;
import java.util.Objects;
import java.util.TimeZone;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs decision PDFs as PAdES baseline B-B ({@code ETSI.CAdES.detached}): a detached CMS
 * SignedData over the signature's byte range, SHA-256, with the signed attributes content-type,
 * message-digest and ESS signing-certificate-v2 (and no CMS signing-time: in PAdES the claimed
 * signing time is the signature dictionary's {@code /M}).
 *
 * <p>The first signature of a document is a <em>certification</em> signature with DocMDP
 * permission P=2 (only form fill-in and further signatures allowed). Every later signature
 * (co-signing, 會銜) is an approval signature written as an incremental update, so the earlier
 * signatures keep covering exactly the bytes they signed.
 *
 * <p>When a TSA URL is configured, the signature value is timestamped by that RFC 3161
 * timestamp authority and the token is added as the unsigned attribute
 * signature-time-stamp (PAdES B-T). If the TSA cannot be reached or answers with an error, signing
 * fails rather than silently producing a weaker signature.
 *
 * <p>Thread-safe.
 */
public final class PadesSigner {

    public static final COSName SUBFILTER_CADES = COSName.getPDFName("ETSI.CAdES.detached");
    /** Space reserved for a CMS blob whose certificates cannot be measured (hex-encoded twice that in the file). */
    static final int SIGNATURE_SIZE = 16 * 1024;
    /** Room for the signed attributes, algorithm identifiers and CMS structure, with margin. */
    static final int SLACK = 2048;
    /** A signature value of up to 8192-bit RSA. */
    static final int MAX_SIGNATURE_VALUE = 1024;
    /** First guess for an RFC 3161 token with the TSA's certificate; grows to the largest seen. */
    static final int TIMESTAMP_ALLOWANCE = 8 * 1024;
    static final int DOCMDP_FORM_FILL_AND_SIGN = 2;

    private static final Logger log = LoggerFactory.getLogger(PadesSigner.class);

    private static final Duration TSA_TIMEOUT = Duration.ofSeconds(15);

    private final Clock clock;
    private final String location;
    private final URI tsaUrl;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();
    private final java.util.concurrent.atomic.AtomicInteger timestampAllowance =
            new java.util.concurrent.atomic.AtomicInteger(TIMESTAMP_ALLOWANCE);
    private final DigestCalculatorProvider digests;

    /** Signs (B-B, no timestamp) with the system clock and location 臺北市. */
    public PadesSigner() {
        this(Clock.systemUTC(), "臺北市", null);
    }

    /** Signs as PAdES B-B (no timestamp). */
    public PadesSigner(Clock clock, String location) {
        this(clock, location, null);
    }

    /**
     * @param tsaUrl RFC 3161 timestamp authority; null for B-B signatures without a timestamp
     */
    public PadesSigner(Clock clock, String location, URI tsaUrl) {
        this(clock, location, tsaUrl, TIMESTAMP_ALLOWANCE);
    }

    /** @param timestampAllowance first guess of a timestamp token's size (tests start it too small) */
    PadesSigner(Clock clock, String location, URI tsaUrl, int timestampAllowance) {
        this.timestampAllowance.set(timestampAllowance);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.location = Objects.requireNonNull(location, "location");
        this.tsaUrl = tsaUrl;
        this.http = tsaUrl == null ? null : HttpClient.newBuilder().connectTimeout(TSA_TIMEOUT).build();
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no SHA-256 digest available", e);
        }
    }

    /**
     * Adds one signature by {@code credential} to the PDF and returns the new PDF bytes. The
     * input is never modified; the output is the input plus an incremental update.
     *
     * @param reason shown in PDF readers, e.g. 核定 or 會銜
     * @throws IllegalStateException if an existing certification signature forbids further
     *                               signatures (DocMDP P=1)
     */
    public byte[] sign(byte[] pdf, AgencyCredential credential, String reason) {
        Objects.requireNonNull(pdf, "pdf");
        Objects.requireNonNull(credential, "credential");
        int reserve = reservation(credential);
        try {
            Signed signed = attempt(pdf, credential, reason, reserve);
            if (signed.pdf() == null) {
                // the estimate was short (a timestamp token larger than allowed for): sign again with room for it
                log.warn("CMS signature of agency {} ({} bytes) exceeded the {} bytes reserved; signing again with more room",
                        credential.agencyCode(), signed.cmsLength(), reserve);
                if (tsaUrl != null) {
                    int grown = timestampAllowance.get() + signed.cmsLength() - reserve + SLACK;
                    timestampAllowance.accumulateAndGet(grown, Math::max);
                }
                signed = attempt(pdf, credential, reason, signed.cmsLength() + SLACK);
            }
            return signed.pdf();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot sign PDF as agency " + credential.agencyCode(), e);
        }
    }

    /** A signed PDF, or (pdf null) the size of the CMS signature that did not fit. */
    private record Signed(byte[] pdf, int cmsLength) {
    }

    /**
     * Bytes to reserve for the CMS signature: what this credential's chain, signature value, signed
     * attributes and (with a TSA) timestamp token take, instead of a fixed 16 KB that every signed
     * file carries as hex and every co-signer parses again.
     */
    int reservation(AgencyCredential credential) {
        int size = SLACK;
        try {
            for (X509Certificate c : credential.certificateChain()) {
                size += c.getEncoded().length;
            }
        } catch (java.security.cert.CertificateEncodingException e) {
            return SIGNATURE_SIZE;
        }
        size += MAX_SIGNATURE_VALUE;
        if (tsaUrl != null) {
            size += timestampAllowance.get();
        }
        return size;
    }

    private Signed attempt(byte[] pdf, AgencyCredential credential, String reason, int reserve) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            boolean first = doc.getSignatureDictionaries().isEmpty();
            Integer existing = docMdpPermission(doc);
            if (existing != null && existing == 1) {
                throw new IllegalStateException("The document's certification signature forbids any change "
                        + "(DocMDP P=1); it cannot be co-signed");
            }
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(SUBFILTER_CADES);
            signature.setName(credential.agencyName());
            signature.setReason(reason);
            signature.setLocation(location);
            Calendar now = Calendar.getInstance(TimeZone.getTimeZone(DecisionPdfRenderer.TAIPEI));
            now.setTimeInMillis(clock.millis());
            signature.setSignDate(now);
            if (first) {
                setDocMdp(doc, signature, DOCMDP_FORM_FILL_AND_SIGN);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 2 * reserve + 4096);
            try (SignatureOptions options = new SignatureOptions()) {
                options.setPreferredSignatureSize(reserve);
                doc.addSignature(signature, options);
                ExternalSigningSupport external = doc.saveIncrementalForExternalSigning(out);
                byte[] cms;
                try (InputStream content = external.getContent()) {
                    cms = cms(content.readAllBytes(), credential);
                }
                if (cms.length > reserve) {
                    return new Signed(null, cms.length);
                }
                external.setSignature(cms);
            }
            log.info("Signed decision PDF as agency {} ({} signature)", credential.agencyCode(),
                    first ? "certification" : "approval");
            return new Signed(out.toByteArray(), 0);
        }
    }

    /** DocMDP /P of the document's certification signature, or null if not certified. */
    static Integer docMdpPermission(PDDocument doc) {
        COSDictionary perms = doc.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PERMS);
        if (perms == null) {
            return null;
        }
        COSDictionary sig = perms.getCOSDictionary(COSName.DOCMDP);
        return sig == null ? null : docMdpPermission(sig);
    }

    /** /P from a signature dictionary's DocMDP reference, or null if it has none. */
    static Integer docMdpPermission(COSDictionary signatureDict) {
        COSArray refs = signatureDict.getCOSArray(COSName.getPDFName("Reference"));
        if (refs == null) {
            return null;
        }
        for (COSBase b : refs) {
            COSBase obj = b instanceof org.apache.pdfbox.cos.COSObject o ? o.getObject() : b;
            if (obj instanceof COSDictionary ref
                    && COSName.DOCMDP.equals(ref.getCOSName(COSName.getPDFName("TransformMethod")))) {
                COSDictionary params = ref.getCOSDictionary(COSName.getPDFName("TransformParams"));
                return params == null ? 2 : params.getInt(COSName.P, 2);
            }
        }
        return null;
    }

    private static void setDocMdp(PDDocument doc, PDSignature signature, int permission) {
        COSDictionary params = new COSDictionary();
        params.setItem(COSName.TYPE, COSName.getPDFName("TransformParams"));
        params.setInt(COSName.P, permission);
        params.setName(COSName.V, "1.2");
        COSDictionary ref = new COSDictionary();
        ref.setItem(COSName.TYPE, COSName.getPDFName("SigRef"));
        ref.setItem(COSName.getPDFName("TransformMethod"), COSName.DOCMDP);
        ref.setItem(COSName.getPDFName("TransformParams"), params);
        COSArray refs = new COSArray();
        refs.add(ref);
        signature.getCOSObject().setItem(COSName.getPDFName("Reference"), refs);

        COSDictionary catalog = doc.getDocumentCatalog().getCOSObject();
        COSDictionary perms = new COSDictionary();
        perms.setItem(COSName.DOCMDP, signature);
        catalog.setItem(COSName.PERMS, perms);
        catalog.setNeedToBeUpdated(true);
        perms.setNeedToBeUpdated(true);
    }

    /** Detached CMS SignedData with the PAdES B-B signed attributes. */
    byte[] cms(byte[] content, AgencyCredential credential) throws IOException {
        try {
            X509Certificate cert = credential.certificate();
            X509CertificateHolder holder = new JcaX509CertificateHolder(cert);
            byte[] certHash = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            ESSCertIDv2 certId = new ESSCertIDv2(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), certHash,
                    new IssuerSerial(new GeneralNames(new GeneralName(holder.getIssuer())), holder.getSerialNumber()));
            Attribute signingCertificateV2 = new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                    new DERSet(new SigningCertificateV2(new ESSCertIDv2[] {certId})));
            ASN1EncodableVector attributes = new ASN1EncodableVector();
            attributes.add(signingCertificateV2);
            DefaultSignedAttributeTableGenerator standard =
                    new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes));
            // PAdES: the claimed signing time is /M in the signature dictionary, not a CMS attribute
            CMSAttributeTableGenerator signedAttributes =
                    parameters -> standard.getAttributes(parameters).remove(CMSAttributes.signingTime);

            String algorithm = "EC".equals(credential.privateKey().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            // a key on a PKCS#11 token signs inside the token, through the token's provider; a software key
            // through the JDK's (SunRsaSign/SunEC, intrinsics for the big-number arithmetic)
            JcaContentSignerBuilder signerBuilder = new JcaContentSignerBuilder(algorithm);
            if (credential.signatureProvider() != null) {
                signerBuilder.setProvider(credential.signatureProvider());
            }
            ContentSigner signer = signerBuilder.build(credential.privateKey());
            // the JDK's SHA-256 (SHA-NI instructions where the CPU has them) over the whole byte range,
            // several times faster than BouncyCastle's pure-Java digest on a 100 KB decision
            SignerInfoGenerator signerInfo = new JcaSignerInfoGeneratorBuilder(digests)
                    .setSignedAttributeGenerator(signedAttributes)
                    .build(signer, cert);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo);
            generator.addCertificates(new JcaCertStore(List.copyOf(credential.certificateChain())));
            CMSSignedData signed = generator.generate(new CMSProcessableByteArray(content), false);
            if (tsaUrl != null) {
                signed = addSignatureTimestamp(signed);
            }
            return signed.getEncoded("DER");
        } catch (GeneralSecurityException | OperatorCreationException | CMSException | TSPException e) {
            throw new IOException("Cannot create CMS signature: " + e.getMessage(), e);
        }
    }

    /** PAdES B-T: timestamps the signature value and adds the token as an unsigned attribute. */
    private CMSSignedData addSignatureTimestamp(CMSSignedData signed)
            throws IOException, GeneralSecurityException, TSPException {
        SignerInformation signerInfo = signed.getSignerInfos().getSigners().iterator().next();
        byte[] imprint = MessageDigest.getInstance("SHA-256").digest(signerInfo.getSignature());
        TimeStampRequestGenerator requestGenerator = new TimeStampRequestGenerator();
        requestGenerator.setCertReq(true);
        TimeStampRequest request = requestGenerator.generate(TSPAlgorithms.SHA256, imprint,
                BigInteger.valueOf(random.nextLong() & Long.MAX_VALUE));
        HttpRequest post = HttpRequest.newBuilder(tsaUrl)
                .timeout(TSA_TIMEOUT)
                .header("Content-Type", "application/timestamp-query")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded()))
                .build();
        HttpResponse<byte[]> reply;
        try {
            reply = http.send(post, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the timestamp authority " + tsaUrl, e);
        } catch (IOException e) {
            throw new IOException("timestamp authority " + tsaUrl + " cannot be reached: " + e.getMessage(), e);
        }
        if (reply.statusCode() != 200) {
            throw new IOException("timestamp authority " + tsaUrl + " answered HTTP " + reply.statusCode());
        }
        TimeStampResponse response = new TimeStampResponse(reply.body());
        response.validate(request);
        TimeStampToken token = response.getTimeStampToken();
        if (token == null) {
            throw new IOException("timestamp authority " + tsaUrl + " refused the request: "
                    + response.getStatusString());
        }
        ASN1EncodableVector unsigned = signerInfo.getUnsignedAttributes() == null
                ? new ASN1EncodableVector() : signerInfo.getUnsignedAttributes().toASN1EncodableVector();
        unsigned.add(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                new DERSet(token.toCMSSignedData().toASN1Structure())));
        SignerInformation stamped = SignerInformation.replaceUnsignedAttributes(signerInfo, new AttributeTable(unsigned));
        log.debug("Signature timestamped by {} at {}", tsaUrl, token.getTimeStampInfo().getGenTime().toInstant());
        return CMSSignedData.replaceSigners(signed, new SignerInformationStore(stamped));
    }
}
