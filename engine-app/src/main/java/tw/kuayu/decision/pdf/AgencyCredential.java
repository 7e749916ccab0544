package tw.kuayu.decision.pdf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * An agency's signing key and certificate chain (signer certificate first), with the agency's
 * code and name. Immutable; {@link #toString()} never prints key material.
 */
public final class AgencyCredential {

    private final String agencyCode;
    private final String agencyName;
    private final PrivateKey privateKey;
    private final List<X509Certificate> certificateChain;
    private final Provider signatureProvider;

    public AgencyCredential(String agencyCode, String agencyName, PrivateKey privateKey,
                            List<X509Certificate> certificateChain) {
        this(agencyCode, agencyName, privateKey, certificateChain, null);
    }

    /**
     * @param signatureProvider the provider that signs with the key, e.g. the PKCS#11 token's whose
     *                          keys cannot leave it; null for keys in memory (signed by BouncyCastle)
     */
    public AgencyCredential(String agencyCode, String agencyName, PrivateKey privateKey,
                            List<X509Certificate> certificateChain, Provider signatureProvider) {
        this.signatureProvider = signatureProvider;
        this.agencyCode = Objects.requireNonNull(agencyCode, "agencyCode");
        this.agencyName = Objects.requireNonNull(agencyName, "agencyName");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.certificateChain = List.copyOf(certificateChain);
        if (this.certificateChain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
    }

    /**
     * Loads a credential from a PKCS#12 keystore. The agency code is read from the certificate's
     * OU and the agency name from its CN.
     */
    public static AgencyCredential fromPkcs12(Path keystore, char[] password, String alias) {
        return fromPkcs12(keystore, password, alias, null, null);
    }

    /**
     * Loads a credential from a PKCS#12 keystore; {@code agencyCode} / {@code agencyName} may be
     * null to take them from the certificate subject (OU / CN).
     */
    public static AgencyCredential fromPkcs12(Path keystore, char[] password, String alias,
                                              String agencyCode, String agencyName) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            if (!ks.isKeyEntry(alias)) {
                throw new IllegalStateException("Keystore " + keystore + " has no private key entry '"
                        + alias + "'");
            }
            PrivateKey key = (PrivateKey) ks.getKey(alias, password);
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : ks.getCertificateChain(alias)) {
                chain.add((X509Certificate) c);
            }
            X500Name subject = X500Name.getInstance(chain.get(0).getSubjectX500Principal().getEncoded());
            String code = agencyCode != null ? agencyCode : rdn(subject, BCStyle.OU);
            String name = agencyName != null ? agencyName : rdn(subject, BCStyle.CN);
            return new AgencyCredential(code == null ? alias : code, name == null ? alias : name, key, chain);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load signing keystore " + keystore + " (alias '"
                    + alias + "'): " + e.getMessage(), e);
        }
    }

    static String rdn(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    public String agencyCode() {
        return agencyCode;
    }

    public String agencyName() {
        return agencyName;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** Signer certificate first, then its issuers. */
    public List<X509Certificate> certificateChain() {
        return certificateChain;
    }

    /** The provider that must compute signatures with the key, or null for any (BouncyCastle). */
    public Provider signatureProvider() {
        return signatureProvider;
    }

    public X509Certificate certificate() {
        return certificateChain.get(0);
    }

    @Override
    public String toString() {
        return "AgencyCredential[" + agencyCode + " " + agencyName + ", "
                + certificate().getSubjectX500Principal().getName() + "]";
    }
}
