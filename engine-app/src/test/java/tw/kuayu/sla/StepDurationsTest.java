package tw.kuayu.sla;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepDurationsTest {

    @Test
    void percentilesInterpolateBetweenRanksLikePercentileCont() {
        double[] values = {1, 2, 3, 4, 10};
        assertThat(StepDurations.percentile(values, 0.5)).isEqualTo(3.0);
        assertThat(StepDurations.percentile(values, 0.9)).isCloseTo(7.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(StepDurations.percentile(new double[] {5}, 0.9)).isEqualTo(5.0);
        assertThat(StepDurations.percentile(new double[] {1, 2}, 0.5)).isEqualTo(1.5);
    }

    @Test
    void applicantsAreMasked() {
        assertThat(OverduePage.mask("王小明", "A123456789")).isEqualTo("王○明 A12****789");
        assertThat(OverduePage.maskName("林美")).isEqualTo("林○");
        assertThat(OverduePage.maskName("歐陽小明")).isEqualTo("歐○○明");
        assertThat(OverduePage.maskName("王")).isEqualTo("王");
    }
}
