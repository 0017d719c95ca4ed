package io.cadencia.billing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "(11) 98765-4321      | +5511987654321",
            "11987654321          | +5511987654321",
            "+55 11 98765-4321    | +5511987654321",
            "5511987654321        | +5511987654321",
            "011 98765-4321       | +5511987654321",
            "0 15 11 98765-4321   | +5511987654321",
            "0xx11 98765-4321     | +5511987654321",
            "0XX15 11 98765.4321  | +5511987654321",
            "(11) 3456-7890       | +551134567890",
            "+55 21 2345-6789     | +552123456789",
            "55 3222-1234         | +555532221234",
            "11 8765-4321         | +5511987654321",
            "+55 (11) 6765-4321   | +5511967654321",
            "0 21 11 8765-4321    | +5511987654321",
    })
    void normalizesToE164(String raw, String expected) {
        assertThat(PhoneNumbers.normalize(raw).value()).isEqualTo(expected);
    }

    @Test
    void mobilesAlwaysHaveThirteenDigits() {
        assertThat(PhoneNumbers.normalize("11 8765-4321").value()).hasSize(14).startsWith("+55119");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "123                  | too short",
            "11 9876-543          | too short",
            "11 98765-43210       | too long",
            "+55 11 98765-43210   | too long",
            "20 98765-4321        | invalid DDD 20",
            "+55 10 98765-4321    | invalid DDD 10",
            "23 98765-4321        | DDD 23 or number range not in use",
            "11 88765-4321        | 9-digit numbers must be mobiles starting with 9",
            "11 1876-5432         | 8-digit numbers must start with 2–5 (landline) or 6–9 (old mobile)",
            "+1 212 555 1234      | country code is not +55",
            "11 9876-ABCD         | contains characters other than digits and formatting",
            "11 9876+54321        | '+' is only allowed at the start",
            "11 9876x4321         | contains characters other than digits and formatting",
            "0xx 11 x9876-4321    | contains characters other than digits and formatting",
            "'   '                | empty",
    })
    void rejectsWithReason(String raw, String reason) {
        Result<String> result = PhoneNumbers.normalize(raw);
        assertThat(result.isOk()).isFalse();
        assertThat(result.error().field()).isEqualTo("customer.phone");
        assertThat(result.error().message()).isEqualTo("\"" + raw + "\" is not a valid Brazilian phone (" + reason + ")");
    }

    @Test
    void nullIsEmpty() {
        assertThat(PhoneNumbers.normalize(null).error().toString())
                .isEqualTo("customer.phone: \"\" is not a valid Brazilian phone (empty)");
    }

    @Test
    void errorRendersFieldValueAndReason() {
        assertThat(PhoneNumbers.normalize("123").error().toString())
                .isEqualTo("customer.phone: \"123\" is not a valid Brazilian phone (too short)");
    }
}
