package tw.kuayu.decision.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoPkiTest {

    static final char[] PASSWORD = "demo-only".toCharArray();

    @TempDir
    Path dir;

    @Test
    void issuesAgencyCertificatesUnderTheDemoRootAndReusesThemAfterRestart() throws Exception {
        DemoPki pki = new DemoPki(dir, PASSWORD);
        AgencyCredential tax = pki.credential("TPE-TAX", "臺北市稅捐稽徵處");
        X509Certificate root = pki.rootCertificate();

        assertThat(root.getSubjectX500Principal().getName()).contains("CN=Kuayu Demo Root CA");
        assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(tax.agencyCode()).isEqualTo("TPE-TAX");
        assertThat(tax.agencyName()).isEqualTo("臺北市稅捐稽徵處");
        assertThat(tax.certificateChain()).hasSize(2);
        X509Certificate cert = tax.certificate();
        cert.verify(root.getPublicKey());
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        boolean[] ku = cert.getKeyUsage();
        assertThat(ku[0]).as("digitalSignature").isTrue();
        assertThat(ku[1]).as("nonRepudiation").isTrue();
        assertThat(ku[5]).as("keyCertSign").isFalse();
        assertThat(tax.toString()).doesNotContain("PRIVATE").contains("TPE-TAX");

        assertThat(dir.resolve(DemoPki.ROOT_PEM)).exists();
        assertThat(Files.readString(pki.rootCertificatePem())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(DemoPki.readPem(pki.rootCertificatePem())).containsExactly(root);
        assertThat(pki.keystorePath("TPE-TAX")).exists();

        // a "restart": a new instance over the same directory keeps the same keys
        DemoPki again = new DemoPki(dir, PASSWORD);
        assertThat(again.rootCertificate()).isEqualTo(root);
        AgencyCredential reloaded = again.credential("TPE-TAX", "臺北市稅捐稽徵處");
        assertThat(reloaded.certificate()).isEqualTo(cert);
        assertThat(reloaded.privateKey().getEncoded()).isEqualTo(tax.privateKey().getEncoded());
        assertThat(reloaded.agencyName()).isEqualTo("臺北市稅捐稽徵處");
    }

    @Test
    void credentialLoadsFromPkcs12WithCodeAndNameFromTheCertificate() {
        DemoPki pki = new DemoPki(dir, PASSWORD);
        pki.credential("TPE-LAND", "臺北市政府地政局");
        AgencyCredential c = AgencyCredential.fromPkcs12(pki.keystorePath("TPE-LAND"), PASSWORD, "TPE-LAND");
        assertThat(c.agencyCode()).isEqualTo("TPE-LAND");
        assertThat(c.agencyName()).isEqualTo("臺北市政府地政局");
        assertThat(List.copyOf(c.certificateChain())).hasSize(2);
    }

    @Test
    void rejectsAgencyCodesThatAreNotSafeFileNames() {
        DemoPki pki = new DemoPki(dir, PASSWORD);
        assertThatThrownBy(() -> pki.credential("../etc", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrongKeystorePasswordGivesAClearError() {
        DemoPki pki = new DemoPki(dir, PASSWORD);
        pki.credential("TPE-TAX", "臺北市稅捐稽徵處");
        assertThatThrownBy(() -> AgencyCredential.fromPkcs12(pki.keystorePath("TPE-TAX"),
                "wrong".toCharArray(), "TPE-TAX"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot load signing keystore");
    }
}
