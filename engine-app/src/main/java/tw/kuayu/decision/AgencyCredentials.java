package tw.kuayu.decision;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.decision.pdf.AgencyCredential;
import tw.kuayu.decision.pdf.DemoPki;
import tw.kuayu.decision.pdf.Pkcs11Credentials;

/** Each agency's signing credential and the trust anchors verification accepts. */
@Component
public class AgencyCredentials {

    private final SigningProperties properties;
    private final Catalog catalog;
    private final DemoPki demoPki;
    private final Map<String, AgencyCredential> loaded = new ConcurrentHashMap<>();
    private final List<X509Certificate> trustAnchors;

    public AgencyCredentials(SigningProperties properties, Catalog catalog, @Value("${kuayu.data-dir}") Path dataDir) {
        this.properties = properties;
        this.catalog = catalog;
        this.demoPki = properties.demoPki() ? new DemoPki(dataDir.resolve("keys"), properties.demoPassword().toCharArray()) : null;
        List<X509Certificate> anchors = new ArrayList<>();
        if (demoPki != null) {
            anchors.add(demoPki.rootCertificate());
        }
        properties.trustAnchors().forEach(pem -> anchors.addAll(DemoPki.readPem(pem)));
        this.trustAnchors = List.copyOf(anchors);
    }

    public AgencyCredential of(String agencyKey) {
        return loaded.computeIfAbsent(agencyKey, this::load);
    }

    public List<X509Certificate> trustAnchors() {
        return trustAnchors;
    }

    private AgencyCredential load(String agencyKey) {
        var agency = catalog.agency(agencyKey);
        SigningProperties.Keystore keystore = properties.agencies().get(agencyKey);
        if (keystore != null && keystore.pkcs11() != null) {
            return fromToken(agencyKey, keystore.pkcs11(), keystore.alias());
        }
        if (keystore != null) {
            return AgencyCredential.fromPkcs12(keystore.path(), keystore.password().toCharArray(), keystore.alias());
        }
        if (demoPki != null) {
            return demoPki.credential(agency.code(), agency.name());
        }
        throw new IllegalStateException("No signing key for agency " + agencyKey + ": configure kuayu.signing.agencies."
                + agencyKey + ".path/password/alias or .pkcs11 (see docs/signing-keys.md)");
    }

    private static AgencyCredential fromToken(String agencyKey, SigningProperties.Pkcs11 p11, String agencyAlias) {
        String setting = "kuayu.signing.agencies." + agencyKey + ".pkcs11";
        String alias = p11.alias() != null ? p11.alias() : agencyAlias;
        if (p11.library() == null || alias == null || p11.pin() == null) {
            throw new IllegalStateException("Incomplete PKCS#11 settings for agency " + agencyKey + ": " + setting
                    + ".library, .pin and .alias are required (see docs/signing-keys.md)");
        }
        List<X509Certificate> chain = p11.chain() == null ? List.of() : DemoPki.readPem(p11.chain());
        return Pkcs11Credentials.load(new Pkcs11Credentials.Token(p11.library(), p11.slot(), p11.slotListIndex(), alias, chain),
                p11.pin().toCharArray());
    }
}
