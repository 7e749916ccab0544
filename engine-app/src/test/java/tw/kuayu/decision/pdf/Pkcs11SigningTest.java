package tw.kuayu.decision.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agency key held on a PKCS#11 token, for real: a SoftHSM2 token is initialised in a temporary
 * directory, the demo CA's key and certificate for TAX are imported with the same tools an agency's
 * administrator would use ({@code softhsm2-util}, {@code pkcs11-tool}), and a decision is signed
 * through the JDK's SunPKCS11 provider, then checked by pdfsig, DSS and Kuayu's verifier.
 *
 * <p>SoftHSM reads {@code SOFTHSM2_CONF} from the environment, which the surefire configuration
 * points at {@code target/softhsm/softhsm2.conf}; this test writes that file.
 */
class Pkcs11SigningTest {

    static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    static final String PIN = "246810";

    @TempDir
    static Path dir;

    static DemoPki pki;
    static long slot;

    @BeforeAll
    static void tokenWithTheTaxKey() throws Exception {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || !Files.isReadable(LIBRARY)) {
            fail("PKCS#11 test needs softhsm2 and opensc (`apt-get install softhsm2 opensc`) and SOFTHSM2_CONF set by surefire");
        }
        Path tokens = Files.createDirectories(dir.resolve("tokens"));
        Files.createDirectories(Path.of(conf).getParent());
        Files.writeString(Path.of(conf), "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");

        PdfTools.Result init = run("softhsm2-util", "--init-token", "--free", "--label", "kuayu-tax", "--pin", PIN, "--so-pin", "13579");
        Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(init.output());
        assertThat(m.find()).as(init.output()).isTrue();
        slot = Long.parseLong(m.group(1));

        pki = new DemoPki(dir.resolve("pki"), "demo-only".toCharArray());
        AgencyCredential tax = pki.credential("TAX", "臺北市稅捐稽徵處");
        Path key = dir.resolve("tax-key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(tax.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path cert = dir.resolve("tax-cert.der");
        Files.write(cert, tax.certificate().getEncoded());
        run("softhsm2-util", "--import", key.toString(), "--token", "kuayu-tax", "--label", "TAX", "--id", "01", "--pin", PIN);
        Files.delete(key);
        run("pkcs11-tool", "--module", LIBRARY.toString(), "--token-label", "kuayu-tax", "--login", "--pin", PIN,
                "--write-object", cert.toString(), "--type", "cert", "--id", "01", "--label", "TAX");
    }

    private static PdfTools.Result run(String... command) {
        PdfTools.Result r = PdfTools.run(command);
        assertThat(r.exitCode()).as(String.join(" ", command) + ": " + r.output()).isZero();
        return r;
    }

    private static AgencyCredential fromToken(String pin) {
        return Pkcs11Credentials.load(new Pkcs11Credentials.Token(LIBRARY, slot, null, "TAX", List.of()), pin.toCharArray());
    }

    @Test
    void aDecisionSignedOnTheTokenIsAValidPadesSignatureForPdfsigDssAndKuayu() throws Exception {
        AgencyCredential onToken = fromToken(PIN);
        assertThat(onToken.signatureProvider().getName()).startsWith("SunPKCS11-kuayu");
        assertThat(onToken.privateKey().getEncoded()).as("the key stays on the token").isNull();
        assertThat(onToken.agencyCode()).isEqualTo("TAX");
        assertThat(onToken.agencyName()).isEqualTo("臺北市稅捐稽徵處");

        byte[] unsigned = new DecisionPdfRenderer(TestFonts.font()).render(Letters.longLetter());
        PadesSigner signer = new PadesSigner(Clock.systemUTC(), "臺北市");
        byte[] signed = signer.sign(unsigned, onToken, "核定");
        // a co-signer whose key is in a PKCS#12 file signs the same document afterwards
        byte[] coSigned = signer.sign(signed, pki.credential("SOC", "臺北市政府社會局"), "會銜");

        PdfVerification v = new PdfSignatureVerifier(List.of(pki.rootCertificate())).verify(coSigned);
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.signatures()).extracting(SignatureCheck::agencyCode).containsExactly("TAX", "SOC");

        assertThat(Dss.validate(coSigned, List.of(pki.rootCertificate()))).hasSize(2).allSatisfy(s -> {
            assertThat(s.format()).isEqualTo(SignatureLevel.PAdES_BASELINE_B);
            assertThat(s.intact()).isTrue();
            assertThat(s.valid()).isTrue();
            assertThat(s.trustedChain()).isTrue();
        }).extracting(Dss.Signature::agency).containsExactly("TAX", "SOC");

        Path file = dir.resolve("token-signed.pdf");
        Files.write(file, coSigned);
        PdfTools.Result sig = PdfTools.run("pdfsig", file.toString());
        assertThat(sig.output().split("Signature is Valid", -1)).as(sig.output()).hasSize(3);
        assertThat(PdfTools.run("qpdf", "--check", file.toString()).exitCode()).isZero();
    }

    @Test
    void theAgencysSettingsSelectTheToken() {
        var settings = new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(java.util.Map.of(
                "kuayu.signing.agencies.tpe-tax.pkcs11.library", LIBRARY.toString(),
                "kuayu.signing.agencies.tpe-tax.pkcs11.slot", Long.toString(slot),
                "kuayu.signing.agencies.tpe-tax.pkcs11.pin", PIN,
                "kuayu.signing.agencies.tpe-tax.pkcs11.alias", "TAX",
                "kuayu.signing.agencies.tpe-tax.pkcs11.chain", pki.rootCertificatePem().toString()));
        tw.kuayu.decision.SigningProperties properties = new org.springframework.boot.context.properties.bind.Binder(settings)
                .bind("kuayu.signing", tw.kuayu.decision.SigningProperties.class).get();
        var catalog = org.mockito.Mockito.mock(tw.kuayu.casetype.Catalog.class);
        org.mockito.Mockito.when(catalog.agency("tpe-tax"))
                .thenReturn(new tw.kuayu.casetype.CatalogProperties.Agency("臺北市稅捐稽徵處", "TAX", "北市稽財字"));
        AgencyCredential credential = new tw.kuayu.decision.AgencyCredentials(properties, catalog, dir).of("tpe-tax");
        assertThat(credential.signatureProvider().getName()).startsWith("SunPKCS11-kuayu");
        assertThat(credential.certificateChain()).as("signer from the token, root from the chain file")
                .containsExactly(fromToken(PIN).certificate(), pki.rootCertificate());
    }

    @Test
    void theSlotCanAlsoBeGivenByItsIndexInTheSlotList() {
        // SoftHSM lists initialised tokens first
        AgencyCredential byIndex = Pkcs11Credentials.load(new Pkcs11Credentials.Token(LIBRARY, null, 0, "TAX", List.of()),
                PIN.toCharArray());
        assertThat(byIndex.certificate()).isEqualTo(fromToken(PIN).certificate());
    }

    @Test
    void aWrongPinOrAliasIsAClearErrorWithoutThePin() {
        assertThatThrownBy(() -> fromToken("999999"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot open PKCS#11 token")
                .hasMessageNotContaining("999999");
        assertThatThrownBy(() -> Pkcs11Credentials.load(new Pkcs11Credentials.Token(LIBRARY, slot, null, "LAND", List.of()),
                PIN.toCharArray()))
                .hasMessageContaining("no private key labelled 'LAND'").hasMessageContaining("TAX");
        assertThatThrownBy(() -> Pkcs11Credentials.load(new Pkcs11Credentials.Token(Path.of("/nonexistent/libp11.so"), slot, null,
                "TAX", List.of()), PIN.toCharArray()))
                .hasMessageContaining("/nonexistent/libp11.so");
    }
}
