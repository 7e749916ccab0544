package tw.kuayu.decision.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class DecisionFontTest {

    @Test
    void picksTheTaiwanFaceNotTheFirstFaceOfTheCollection() {
        DecisionFont font = TestFonts.font();
        assertThat(font.postScriptName()).isEqualTo("UKaiTW");
        assertThat(font.canDisplay('臺')).isTrue();
        assertThat(font.canDisplay('戶')).isTrue();
    }

    @Test
    void faceCanBeChosenByFullName() throws Exception {
        try (DecisionFont font = new DecisionFont(Path.of(DecisionFont.DEFAULT_PATH), "AR PL UKai TW")) {
            assertThat(font.postScriptName()).isEqualTo("UKaiTW");
        }
    }

    @Test
    void missingFileGivesAnActionableError() {
        assertThatThrownBy(() -> new DecisionFont(Path.of("/nonexistent/ukai.ttc"), "UKaiTW"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kuayu.pdf.font-path")
                .hasMessageContaining("fonts-arphic-ukai")
                .hasMessageContaining("apt-get install fonts-arphic-ukai");
    }

    @Test
    void unknownFaceGivesAnActionableError() {
        assertThatThrownBy(() -> new DecisionFont(Path.of(DecisionFont.DEFAULT_PATH), "NoSuchFace"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kuayu.pdf.font-name")
                .hasMessageContaining("UKaiTW")
                .hasMessageContaining("fonts-arphic-ukai");
    }
}
