package tw.kuayu.decision.pdf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PdfToolsTest {

    @Test
    void missingToolFailsWithTheInstallCommandInsteadOfSkipping() {
        assertThatThrownBy(() -> PdfTools.requireTool("no-such-pdf-tool"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("apt-get install poppler-utils qpdf");
    }
}
