package tw.kuayu.decision.pdf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Loads an agency's signing key from a PKCS#11 token (an HSM or smart card, the way government
 * certificates are held) through the JDK's SunPKCS11 provider. The private key never leaves the
 * token: signatures are computed by the token through the returned credential's provider.
 */
public final class Pkcs11Credentials {

    /**
     * Where the key is.
     *
     * @param library       the token vendor's PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
     * @param slot          the slot id, or null to use {@code slotListIndex}
     * @param slotListIndex the index in the module's slot list (0 when neither is given)
     * @param alias         the key's label on the token (its certificate carries the same CKA_ID)
     * @param extraChain    issuer certificates to append when the token holds only the signer's
     */
    public record Token(Path library, Long slot, Integer slotListIndex, String alias, List<X509Certificate> extraChain) {

        public Token {
            Objects.requireNonNull(library, "library");
            Objects.requireNonNull(alias, "alias");
            extraChain = extraChain == null ? List.of() : List.copyOf(extraChain);
        }
    }

    private Pkcs11Credentials() {
    }

    /** Logs in to the token with {@code pin} and returns the key with its certificate chain. */
    public static AgencyCredential load(Token token, char[] pin) {
        if (!Files.isReadable(token.library())) {
            throw new IllegalStateException("PKCS#11 library " + token.library() + " does not exist or cannot be read");
        }
        Provider provider = provider(token);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", provider);
            ks.load(null, pin);
            Key key = ks.getKey(token.alias(), null);
            if (!(key instanceof PrivateKey privateKey)) {
                throw new IllegalStateException("PKCS#11 token " + where(token) + " has no private key labelled '" + token.alias()
                        + "' (keys: " + java.util.Collections.list(ks.aliases()) + ")");
            }
            Certificate[] onToken = ks.getCertificateChain(token.alias());
            if (onToken == null || onToken.length == 0) {
                throw new IllegalStateException("PKCS#11 token " + where(token) + " has no certificate for key '" + token.alias()
                        + "' (import it with the key's CKA_ID)");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : onToken) {
                chain.add((X509Certificate) c);
            }
            token.extraChain().stream().filter(c -> !chain.contains(c)).forEach(chain::add);
            X500Name subject = X500Name.getInstance(chain.get(0).getSubjectX500Principal().getEncoded());
            String code = AgencyCredential.rdn(subject, BCStyle.OU);
            String name = AgencyCredential.rdn(subject, BCStyle.CN);
            return new AgencyCredential(code == null ? token.alias() : code, name == null ? token.alias() : name, privateKey,
                    chain, provider);
        } catch (java.io.IOException | GeneralSecurityException e) {
            // a wrong PIN surfaces here (CKR_PIN_INCORRECT); the PIN itself is never part of the message
            throw new IllegalStateException("Cannot open PKCS#11 token " + where(token) + ": " + e.getMessage(), e);
        }
    }

    private static Provider provider(Token token) {
        StringBuilder config = new StringBuilder("--name = kuayu-").append(Integer.toHexString(token.hashCode()))
                .append("\nlibrary = ").append(token.library().toAbsolutePath());
        if (token.slot() != null) {
            config.append("\nslot = ").append(token.slot());
        } else {
            config.append("\nslotListIndex = ").append(token.slotListIndex() == null ? 0 : token.slotListIndex());
        }
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new IllegalStateException("The JDK's SunPKCS11 provider (module jdk.crypto.cryptoki) is not available");
        }
        return base.configure(config.append('\n').toString());
    }

    private static String where(Token token) {
        return token.library() + (token.slot() != null ? " slot " + token.slot()
                : " slot index " + (token.slotListIndex() == null ? 0 : token.slotListIndex()));
    }
}
