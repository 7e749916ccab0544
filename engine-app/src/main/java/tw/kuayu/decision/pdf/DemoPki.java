package tw.kuayu.decision.pdf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A demo PKI for running Kuayu on one machine: a root CA ("Kuayu Demo Root CA", RSA 2048) and one
 * signing certificate + PKCS#12 keystore per agency code, created on first use in a directory
 * and reused afterwards, so a restart keeps the same keys. The CA certificate is also written as
 * PEM ({@value #ROOT_PEM}) for trust configuration. Not for production: real agencies use
 * their GCA/MOICA certificates through {@link AgencyCredential#fromPkcs12}.
 *
 * <p>Thread-safe.
 */
public final class DemoPki {

    public static final String ROOT_P12 = "kuayu-demo-root-ca.p12";
    public static final String ROOT_PEM = "kuayu-demo-root-ca.pem";
    public static final String ROOT_CN = "Kuayu Demo Root CA";
    private static final String ROOT_ALIAS = "root-ca";
    private static final Pattern AGENCY_CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Logger log = LoggerFactory.getLogger(DemoPki.class);

    private final Path directory;
    private final char[] password;
    private final BouncyCastleProvider provider = new BouncyCastleProvider();
    private final SecureRandom random = new SecureRandom();
    private AgencyCredential root;

    /**
     * @param directory where the keystores live (created if missing)
     * @param password  password of every keystore in the directory
     */
    public DemoPki(Path directory, char[] password) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.password = password.clone();
    }

    /** The root CA certificate (created on first call). */
    public synchronized X509Certificate rootCertificate() {
        return underDirectoryLock(() -> root().certificate());
    }

    /** The PEM file with the root CA certificate (created on first call). */
    public synchronized Path rootCertificatePem() {
        return underDirectoryLock(() -> {
            root();
            return directory.resolve(ROOT_PEM);
        });
    }

    /**
     * Runs creation or loading while holding an OS file lock on the key directory, so that several
     * nodes sharing one keystore directory (a cluster started at once) create the root CA and each
     * agency key exactly once and all load the same ones. {@code synchronized} guards this JVM.
     */
    private <T> T underDirectoryLock(Supplier<T> action) {
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw new IllegalStateException("Demo PKI cannot lock " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Path of the agency's PKCS#12 keystore (alias = agency code). */
    public Path keystorePath(String agencyCode) {
        return directory.resolve("agency-" + checkCode(agencyCode) + ".p12");
    }

    /**
     * The agency's signing credential: loaded from {@code agency-<code>.p12} if it exists,
     * otherwise a new key pair and certificate (CN = agency name, OU = agency code) issued by the
     * demo root CA.
     */
    public synchronized AgencyCredential credential(String agencyCode, String agencyName) {
        return underDirectoryLock(() -> loadOrIssue(agencyCode, agencyName));
    }

    private AgencyCredential loadOrIssue(String agencyCode, String agencyName) {
        Path p12 = keystorePath(agencyCode);
        if (Files.exists(p12)) {
            return AgencyCredential.fromPkcs12(p12, password, agencyCode);
        }
        AgencyCredential ca = root();
        try {
            KeyPair keys = rsa();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "TW").addRDN(BCStyle.O, "Kuayu Demo")
                    .addRDN(BCStyle.OU, agencyCode).addRDN(BCStyle.CN, agencyName).build();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(),
                    serial(), notBefore(), notAfter(Duration.ofDays(5 * 366)), subject, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    ext.createAuthorityKeyIdentifier(ca.certificate()));
            X509Certificate cert = sign(b, ca.privateKey());
            List<X509Certificate> chain = List.of(cert, ca.certificate());
            writeP12(p12, agencyCode, keys.getPrivate(), chain);
            log.info("Demo PKI: issued signing certificate for agency {} in {}", agencyCode, directory);
            return new AgencyCredential(agencyCode, agencyName, keys.getPrivate(), chain);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Demo PKI cannot issue a certificate for agency "
                    + agencyCode + " in " + directory + ": " + e.getMessage(), e);
        }
    }

    private AgencyCredential root() {
        if (root != null) {
            return root;
        }
        Path p12 = directory.resolve(ROOT_P12);
        try {
            Files.createDirectories(directory);
            if (Files.exists(p12)) {
                root = AgencyCredential.fromPkcs12(p12, password, ROOT_ALIAS, "root", ROOT_CN);
            } else {
                KeyPair keys = rsa();
                X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.C, "TW").addRDN(BCStyle.O, "Kuayu Demo")
                        .addRDN(BCStyle.CN, ROOT_CN).build();
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), notBefore(),
                        notAfter(Duration.ofDays(20 * 366)), name, keys.getPublic());
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                b.addExtension(Extension.subjectKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
                X509Certificate cert = sign(b, keys.getPrivate());
                writeP12(p12, ROOT_ALIAS, keys.getPrivate(), List.of(cert));
                root = new AgencyCredential("root", ROOT_CN, keys.getPrivate(), List.of(cert));
                log.info("Demo PKI: created root CA '{}' in {}", ROOT_CN, directory);
            }
            Path pem = directory.resolve(ROOT_PEM);
            if (!Files.exists(pem)) {
                StringWriter sw = new StringWriter();
                try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
                    w.writeObject(root.certificate());
                }
                writeAtomically(pem, sw.toString().getBytes(StandardCharsets.US_ASCII));
            }
            return root;
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Demo PKI cannot create or read the root CA in " + directory
                    + ": " + e.getMessage(), e);
        }
    }

    /** Reads X.509 certificates from a PEM file (e.g. the exported root CA). */
    public static List<X509Certificate> readPem(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            return cf.generateCertificates(in).stream().map(c -> (X509Certificate) c).toList();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read certificates from " + pem + ": " + e.getMessage(), e);
        }
    }

    private KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, random);
        return g.generateKeyPair();
    }

    private X509Certificate sign(X509v3CertificateBuilder b, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").setProvider(provider).build(issuerKey);
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer));
        // re-parse with the default provider so callers get ordinary JDK certificates
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(cert.getEncoded()));
    }

    private void writeP12(Path file, String alias, PrivateKey key, List<X509Certificate> chain)
            throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(alias, key, password, chain.toArray(new Certificate[0]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, password);
        writeAtomically(file, out.toByteArray());
    }

    private static void writeAtomically(Path file, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.write(tmp, content);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private BigInteger serial() {
        return new BigInteger(64, random).add(BigInteger.ONE);
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofDays(1)));
    }

    private static Date notAfter(Duration validity) {
        return Date.from(Instant.now().plus(validity));
    }

    private static String checkCode(String agencyCode) {
        if (agencyCode == null || !AGENCY_CODE.matcher(agencyCode).matches()) {
            throw new IllegalArgumentException("agency code must be letters, digits, '-' or '_'");
        }
        return agencyCode;
    }
}
