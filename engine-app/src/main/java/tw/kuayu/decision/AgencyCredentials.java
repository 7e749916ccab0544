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
        if (keystore != null) {
            return AgencyCredential.fromPkcs12(keystore.path(), keystore.password().toCharArray(), keystore.alias());
        }
        if (demoPki != null) {
            return demoPki.credential(agency.code(), agency.name());
        }
        throw new IllegalStateException("No signing key for agency " + agencyKey + ": configure kuayu.signing.agencies."
                + agencyKey + ".path/password/alias (see docs/signing-keys.md)");
    }
}
