package tw.kuayu.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NationalIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"A123456789", "B234567894", "F131104093", "A800000014"})
    void acceptsIdsWithCorrectCheckDigit(String id) {
        assertThat(NationalId.isValid(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"A123456788", "B234567890", "B234567891", "a123456789", "A323456789", "A12345678", "A1234567890", "", "1234567890"})
    void rejectsWrongCheckDigitOrShape(String id) {
        assertThat(NationalId.isValid(id)).isFalse();
    }

    @Test
    void rejectsNull() {
        assertThat(NationalId.isValid(null)).isFalse();
    }

    @Test
    void masksTheMiddle() {
        assertThat(NationalId.mask("A123456789")).isEqualTo("A12****789");
    }
}
