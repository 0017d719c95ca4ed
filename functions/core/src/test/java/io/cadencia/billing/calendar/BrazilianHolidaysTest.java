package io.cadencia.billing.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrazilianHolidaysTest {

    @ParameterizedTest
    @CsvSource({"2019, 2019-04-21", "2024, 2024-03-31", "2025, 2025-04-20", "2026, 2026-04-05", "2027, 2027-03-28",
            "2038, 2038-04-25", "2285, 2285-03-22"})
    void computesEaster(int year, LocalDate easter) {
        assertThat(BrazilianHolidays.easter(year)).isEqualTo(easter);
    }

    @Test
    void nationalHolidaysOf2026() {
        assertThat(new BrazilianHolidays(false).forYear(2026)).containsExactly(
                LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 3), LocalDate.of(2026, 4, 21),
                LocalDate.of(2026, 5, 1), LocalDate.of(2026, 9, 7), LocalDate.of(2026, 10, 12),
                LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 15), LocalDate.of(2026, 11, 20),
                LocalDate.of(2026, 12, 25));
    }

    @Test
    void optionalDaysOnlyWhenTheTenantObservesThem() {
        LocalDate carnivalMonday = LocalDate.of(2026, 2, 16);
        LocalDate carnivalTuesday = LocalDate.of(2026, 2, 17);
        LocalDate corpusChristi = LocalDate.of(2026, 6, 4);
        BrazilianHolidays withOptional = new BrazilianHolidays(true);
        BrazilianHolidays nationalOnly = new BrazilianHolidays(false);

        assertThat(withOptional.forYear(2026)).hasSize(13).contains(carnivalMonday, carnivalTuesday, corpusChristi);
        assertThat(nationalOnly.isHoliday(carnivalMonday)).isFalse();
        assertThat(nationalOnly.isHoliday(corpusChristi)).isFalse();
        assertThat(withOptional.isHoliday(carnivalTuesday)).isTrue();
        assertThat(withOptional.isHoliday(LocalDate.of(2025, 6, 19))).isTrue();
    }

    @Test
    void goodFridayMovesWithEaster() {
        BrazilianHolidays holidays = new BrazilianHolidays(false);
        assertThat(holidays.isHoliday(LocalDate.of(2025, 4, 18))).isTrue();
        assertThat(holidays.isHoliday(LocalDate.of(2027, 3, 26))).isTrue();
        assertThat(holidays.isHoliday(LocalDate.of(2026, 4, 18))).isFalse();
        assertThat(holidays.isHoliday(LocalDate.of(2026, 11, 23))).isFalse();
    }
}
