package tw.kuayu.decision;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tw.kuayu.decision.pdf.DecisionFont;
import tw.kuayu.decision.pdf.DecisionPdfRenderer;
import tw.kuayu.decision.pdf.FallbackFont;
import tw.kuayu.decision.pdf.PadesSigner;
import tw.kuayu.decision.pdf.PdfSignatureVerifier;

/** The font is parsed once at start-up; a missing font stops the start with the setting and package to install. */
@Configuration
public class PdfConfig {

    @Bean(destroyMethod = "close")
    DecisionFont decisionFont(@Value("${kuayu.pdf.font-path}") Path path, @Value("${kuayu.pdf.font-name}") String name) {
        return new DecisionFont(path, name);
    }

    /**
     * Draws what the main font lacks (characters outside the BMP such as 𡘙 or 𠮷 in names and addresses). Optional
     * and parsed at the first letter that needs it: an unset or missing file leaves those characters printed as □
     * (logged), so a start never fails on it.
     */
    @Bean(destroyMethod = "close")
    FallbackFont fallbackFont(@Value("${kuayu.pdf.fallback-font-path:}") String path, @Value("${kuayu.pdf.fallback-font-name:}") String name) {
        return new FallbackFont(path, name);
    }

    @Bean
    DecisionPdfRenderer decisionPdfRenderer(DecisionFont font, FallbackFont fallbackFont) {
        return new DecisionPdfRenderer(font, fallbackFont);
    }

    @Bean
    PadesSigner padesSigner(Clock clock, SigningProperties signing) {
        return signing.tsaUrl() == null || signing.tsaUrl().isBlank()
                ? new PadesSigner(clock, "臺北市")
                : new PadesSigner(clock, "臺北市", URI.create(signing.tsaUrl()));
    }

    @Bean
    PdfSignatureVerifier pdfSignatureVerifier(AgencyCredentials credentials) {
        return new PdfSignatureVerifier(credentials.trustAnchors());
    }
}
