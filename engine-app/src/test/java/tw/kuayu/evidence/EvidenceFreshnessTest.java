package tw.kuayu.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EvidenceFreshnessTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    @Test
    void aMonthlyBatchFromTheFirstIsFineForFortyFiveDays() {
        assertThat(EvidenceFreshness.daysTooOld(LocalDate.of(2026, 11, 1), 45, TODAY)).isZero();
        assertThat(EvidenceFreshness.daysTooOld(LocalDate.of(2026, 10, 13), 45, TODAY)).as("exactly 45 days old").isZero();
    }

    @Test
    void olderDataIsTooOldByTheDaysBeyondTheLimit() {
        assertThat(EvidenceFreshness.daysTooOld(LocalDate.of(2026, 10, 12), 45, TODAY)).isEqualTo(1);
        assertThat(EvidenceFreshness.daysTooOld(LocalDate.of(2026, 9, 1), 30, TODAY)).isEqualTo(57);
    }

    @Test
    void withoutALimitOrAnAsOfDateEverythingMayBeUsed() {
        assertThat(EvidenceFreshness.daysTooOld(LocalDate.of(2020, 1, 1), null, TODAY)).isZero();
        assertThat(EvidenceFreshness.daysTooOld(null, 1, TODAY)).isZero();
    }

    @Test
    void sameDayDataPassesEvenAZeroDayLimit() {
        assertThat(EvidenceFreshness.daysTooOld(TODAY, 0, TODAY)).isZero();
        assertThat(EvidenceFreshness.daysTooOld(TODAY.minusDays(1), 0, TODAY)).isEqualTo(1);
    }
}
