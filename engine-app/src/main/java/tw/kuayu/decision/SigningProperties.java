package tw.kuayu.decision;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where each agency's signing key lives. See docs/signing-keys.md.
 *
 * @param demoPki           generate a demo CA and one key per agency under {@code ${kuayu.data-dir}/keys} (demo profile only)
 * @param demoPassword      password of the generated demo keystores
 * @param agencies          per agency: a PKCS#12 keystore, or a PKCS#11 token, holding its signing key and certificate chain
 * @param trustAnchors      PEM files of the CAs whose certificates verification accepts
 * @param tsaUrl            RFC 3161 timestamp authority; when set, signatures are PAdES B-T
 */
@ConfigurationProperties("kuayu.signing")
public record SigningProperties(boolean demoPki, String demoPassword, Map<String, Keystore> agencies, List<Path> trustAnchors,
                                String tsaUrl) {

    public SigningProperties {
        agencies = agencies == null ? Map.of() : Map.copyOf(agencies);
        trustAnchors = trustAnchors == null ? List.of() : List.copyOf(trustAnchors);
    }

    /**
     * An agency's key: a PKCS#12 keystore ({@code path}, {@code password}, {@code alias}) or, with
     * {@code pkcs11} set, a PKCS#11 token. Passwords and PINs come from the environment, never from a
     * file in the repository.
     */
    public record Keystore(Path path, String password, String alias, Pkcs11 pkcs11) {
    }

    /**
     * A key on a PKCS#11 token (HSM, smart card), used through the JDK's SunPKCS11 provider.
     *
     * @param library       the vendor's PKCS#11 module (a .so file)
     * @param slot          the token's slot id; or
     * @param slotListIndex its index in the module's slot list (0 if neither is set)
     * @param pin           the user PIN
     * @param alias         the key's label (CKA_LABEL); the agency's {@code alias} if not set
     * @param chain         optional PEM file of issuer certificates, when the token holds only the signer's
     */
    public record Pkcs11(Path library, Long slot, Integer slotListIndex, String pin, String alias, Path chain) {
    }
}
