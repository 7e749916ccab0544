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
 * @param agencies          per agency: a PKCS#12 keystore holding its signing key and certificate chain
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

    /** A PKCS#12 keystore; the password comes from the environment, never from a file in the repository. */
    public record Keystore(Path path, String password, String alias) {
    }
}
