package io.cadencia.billing.calendar;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaceHolidaysTest {

    @Test
    void aStateAddsItsOwnDaysToTheNationalOnes() {
        PlaceHolidays acre = PlaceHolidays.of(false, Optional.of("ac"), "");
        PlaceHolidays saoPaulo = PlaceHolidays.of(false, Optional.of("SP"), "");
        LocalDate acreDay = LocalDate.of(2026, 6, 15);
        assertThat(acre.isHoliday(acreDay)).isTrue();
        assertThat(saoPaulo.isHoliday(acreDay)).isFalse();
        assertThat(saoPaulo.isHoliday(LocalDate.of(2026, 7, 9))).isTrue();
        assertThat(acre.isHoliday(LocalDate.of(2026, 12, 25))).isTrue();
        assertThat(PlaceHolidays.of(false, Optional.empty(), "").isHoliday(LocalDate.of(2026, 7, 9))).isFalse();
    }

    @Test
    void municipalDatesAreEveryYearOrOneDay() {
        PlaceHolidays city = PlaceHolidays.of(false, Optional.of("SP"), "01-25, 2026-06-05");
        assertThat(city.isHoliday(LocalDate.of(2027, 1, 25))).isTrue();
        assertThat(city.isHoliday(LocalDate.of(2026, 6, 5))).isTrue();
        assertThat(city.isHoliday(LocalDate.of(2027, 6, 5))).isFalse();
        assertThat(PlaceHolidays.problem("25/01")).get().asString().contains("'25/01'");
    }

    @Test
    void everyStateInTheDataIsAUfAndStatesWithoutLinesHaveNone() {
        assertThat(PlaceHolidays.stateDays("BA")).containsExactly(MonthDay.of(7, 2));
        assertThat(PlaceHolidays.stateDays("MG")).isEmpty();
        assertThatThrownBy(() -> PlaceHolidays.of(false, Optional.of("XX"), "")).hasMessageContaining("'XX'");
    }
}
