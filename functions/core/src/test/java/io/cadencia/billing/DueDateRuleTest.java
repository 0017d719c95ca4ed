package io.cadencia.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DueDateRuleTest {

    // 2026-11-23 09:00 in São Paulo.
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-23", "2027-11-23", "2025-11-23", "2026-02-28"})
    void acceptsDatesWithinOneYear(String raw) {
        assertThat(DueDateRule.validate(raw, clock, BrazilTime.ZONE).value()).isEqualTo(LocalDate.parse(raw));
    }

    @Test
    void rejectsDatesMoreThanOneYearAway() {
        assertThat(DueDateRule.validate("2027-11-24", clock, BrazilTime.ZONE).error()).isEqualTo(new FieldError("dueDate",
                "\"2027-11-24\" is more than one year away from today (2026-11-23)"));
        assertThat(DueDateRule.validate("2025-11-22", clock, BrazilTime.ZONE).error().message()).contains("\"2025-11-22\"");
    }

    @Test
    void todayIsTheSaoPauloDateNotTheUtcDate() {
        Clock lateEvening = Clock.fixed(Instant.parse("2026-11-24T01:00:00Z"), ZoneOffset.UTC);
        assertThat(DueDateRule.validate("2027-11-24", lateEvening, BrazilTime.ZONE).isOk()).isFalse();
        assertThat(DueDateRule.validate("2027-11-23", lateEvening, BrazilTime.ZONE).isOk()).isTrue();
    }

    @Test
    void todayIsTheTenantsDate() {
        // 04:00 UTC: already the 24th in São Paulo, still the 23rd in Rio Branco.
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T04:00:00Z"), ZoneOffset.UTC);
        assertThat(DueDateRule.validate("2027-11-24", clock, BrazilTime.ZONE).isOk()).isTrue();
        assertThat(DueDateRule.validate("2027-11-24", clock, java.time.ZoneId.of("America/Rio_Branco")).isOk()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30", "23/11/2026", "2026-1-5", "2026-11-23T00:00", "amanhã", "+2026-11-23"})
    void rejectsBadFormat(String raw) {
        assertThat(DueDateRule.validate(raw, clock, BrazilTime.ZONE).error()).isEqualTo(new FieldError("dueDate",
                "\"" + raw + "\" is not a valid date in format YYYY-MM-DD"));
    }

    @Test
    void requiresAValue() {
        assertThat(DueDateRule.parse(" ").error().field()).isEqualTo("dueDate");
        assertThat(DueDateRule.parse(null).error().message()).contains("required");
    }
}
