package tw.kuayu.decision.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Characters outside the BMP in a decision: 𡘙 is in UKai; 𠮷 and 𠀋 are not and come from the
 * configured fallback font (Debian fonts-cns11643-kai, installed by scripts/test.sh); a character in
 * neither (U+30000, CJK Extension G) is printed as □ and logged, never dropped silently.
 */
class RareCharacterPdfTest {

    static final String FALLBACK_PATH = "/usr/share/fonts/truetype/cns11643/TW-Kai-Ext-B-98_1.ttf";
    static final String NAME = "王𡘙明";
    static final String ADDRESS = "臺北市𠮷𠀋里𡘙街1號";
    static final String EXT_G = new String(Character.toChars(0x30000));

    static DecisionFont fallback;

    @BeforeAll
    static void fonts() {
        PdfTools.requireTool("pdftotext");
        fallback = new DecisionFont(Path.of(FALLBACK_PATH), "TW-Kai-Ext-B-98_1");
    }

    static DecisionLetter letter(String name, String subject) {
        DecisionLetter l = Letters.shortLetter();
        return new DecisionLetter(l.issuingAgency(), l.documentNumber(), l.issueDate(), l.caseNumber(), name, l.maskedNationalId(),
                subject, l.details(), l.legalBasis(), l.evidence(), l.signingAgencies(), l.verificationUrl());
    }

    static String pdftotext(byte[] pdf, Path dir) throws Exception {
        Path file = Files.write(dir.resolve("letter.pdf"), pdf);
        PdfTools.Result r = PdfTools.run("pdftotext", file.toString(), "-");
        assertThat(r.exitCode()).isZero();
        return r.output();
    }

    @Test
    void theMainFontHasSomeAndTheFallbackFontTheOthers() {
        assertThat(TestFonts.font().canDisplay(0x21619)).as("𡘙 in UKai").isTrue();
        assertThat(TestFonts.font().canDisplay(0x20BB7)).as("𠮷 not in UKai").isFalse();
        assertThat(fallback.canDisplay(0x20BB7)).isTrue();
        assertThat(fallback.canDisplay(0x2000B)).isTrue();
        assertThat(fallback.canDisplay(0x30000)).isFalse();
    }

    @Test
    void rareCharactersSurviveIntoTheDecisionText(@TempDir Path dir) throws Exception {
        byte[] pdf = new DecisionPdfRenderer(TestFonts.font(), fallback).render(letter(NAME, "台端申請" + ADDRESS + "土地一案，准予核定，請查照。"));
        String text = pdftotext(pdf, dir);
        assertThat(text).contains(NAME).contains(ADDRESS);
        Path file = Files.write(dir.resolve("fonts.pdf"), pdf);
        assertThat(PdfTools.run("pdffonts", file.toString()).output()).contains("+UKaiTW").contains("+TW-Kai-Ext-B");
    }

    @Test
    void withoutTheFallbackFontOrForACharacterInNeitherFontABoxIsPrinted(@TempDir Path dir) throws Exception {
        String withoutFallback = pdftotext(new DecisionPdfRenderer(TestFonts.font()).render(letter(NAME, "𠮷" + EXT_G)), dir);
        assertThat(withoutFallback).contains(NAME).contains("□□").doesNotContain("𠮷");
        String extG = pdftotext(new DecisionPdfRenderer(TestFonts.font(), fallback).render(letter(NAME, "𠮷" + EXT_G)), dir);
        assertThat(extG).contains("𠮷□");
    }

    @Test
    void eachRunIsMeasuredWithTheFaceThatDrawsIt() {
        CjkLineBreaker breaker = new CjkLineBreaker(TestFonts.font(), () -> fallback, 10);
        assertThat(breaker.width("王𠮷里")).isEqualTo(TestFonts.font().width("王", 10) + fallback.width("𠮷", 10)
                + TestFonts.font().width("里", 10));
        assertThat(CjkLineBreaker.FontRun.split("王𠮷𠀋里", TestFonts.font())).containsExactly(
                new CjkLineBreaker.FontRun("王", false), new CjkLineBreaker.FontRun("𠮷𠀋", true), new CjkLineBreaker.FontRun("里", false));
    }

    @Test
    void theFallbackFontIsEmbeddedOnlyWhenUsed(@TempDir Path dir) throws Exception {
        byte[] pdf = new DecisionPdfRenderer(TestFonts.font(), fallback).render(Letters.shortLetter());
        Path file = Files.write(dir.resolve("plain.pdf"), pdf);
        assertThat(PdfTools.run("pdffonts", file.toString()).output()).contains("+UKaiTW").doesNotContain("TW-Kai-Ext-B");
    }
}
