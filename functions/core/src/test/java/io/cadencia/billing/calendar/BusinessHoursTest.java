package io.cadencia.billing.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cadencia.billing.BrazilTime;
import io.cadencia.billing.FieldError;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BusinessHoursTest {

    private static final BusinessHours SHOP = BusinessHours.parse("mon-fri 08:00-18:00; sat 08:00-12:00").value();
    private static final HolidayCalendar HOLIDAYS = new BrazilianHolidays(false);

    private static ZonedDateTime sp(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BrazilTime.ZONE);
    }

    @ParameterizedTest(name = "{0} open={1}")
    @CsvSource({
            "2026-11-23T08:00, true", "2026-11-23T07:59, false", "2026-11-23T17:59, true", "2026-11-23T18:00, false",
            "2026-11-28T11:59, true", "2026-11-28T12:00, false", "2026-11-29T10:00, false"})
    void isOpenWithinTheDaysWindow(String at, boolean open) {
        assertThat(SHOP.isOpen(sp(at))).isEqualTo(open);
    }

    @Test
    void isOpenJudgesInTheMomentsOwnZone() {
        assertThat(SHOP.isOpen(ZonedDateTime.parse("2026-11-23T11:00:00Z").withZoneSameInstant(BrazilTime.ZONE))).isTrue();
        assertThat(SHOP.isOpen(ZonedDateTime.parse("2026-11-23T10:59:00Z").withZoneSameInstant(BrazilTime.ZONE))).isFalse();
        // 08:00 in Rio Branco is 10:00 in São Paulo: the shop of a Rio Branco tenant opens two hours after one in São Paulo.
        ZoneId rioBranco = ZoneId.of("America/Rio_Branco");
        assertThat(SHOP.isOpen(ZonedDateTime.parse("2026-11-23T12:00:00Z").withZoneSameInstant(rioBranco))).isFalse();
        assertThat(SHOP.isOpen(ZonedDateTime.parse("2026-11-23T13:00:00Z").withZoneSameInstant(rioBranco))).isTrue();
        assertThat(SHOP.nextOpening(ZonedDateTime.parse("2026-11-23T11:00:00Z").withZoneSameInstant(rioBranco), HOLIDAYS).toInstant())
                .isEqualTo(java.time.Instant.parse("2026-11-23T13:00:00Z"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-11-23T10:15, 2026-11-23T10:15",
            "2026-11-23T06:00, 2026-11-23T08:00",
            "2026-11-23T18:00, 2026-11-24T08:00",
            "2026-11-27T19:00, 2026-11-28T08:00",
            "2026-11-28T12:30, 2026-11-30T08:00",
            "2026-11-19T19:00, 2026-11-21T08:00",
            "2026-11-20T10:00, 2026-11-21T08:00",
            "2026-12-24T18:30, 2026-12-26T08:00"})
    void nextOpeningSkipsClosedTimesAndHolidays(String from, String expected) {
        assertThat(SHOP.nextOpening(sp(from), HOLIDAYS)).isEqualTo(sp(expected));
    }

    @Test
    void nextOpeningIgnoresHolidaysWhenTheCalendarHasNone() {
        assertThat(SHOP.nextOpening(sp("2026-11-20T10:00"), HolidayCalendar.none())).isEqualTo(sp("2026-11-20T10:00"));
    }

    @Test
    void alwaysOpenIsOpenAroundTheClockButStillSkipsHolidays() {
        BusinessHours always = BusinessHours.alwaysOpen();
        assertThat(always.isOpen(sp("2026-11-29T03:00"))).isTrue();
        assertThat(always.isOpen(sp("2026-11-29T23:59:59"))).isTrue();
        assertThat(always.nextOpening(sp("2026-11-29T23:30"), HOLIDAYS)).isEqualTo(sp("2026-11-29T23:30"));
        assertThat(always.nextOpening(sp("2026-11-20T09:00"), HOLIDAYS)).isEqualTo(sp("2026-11-21T00:00"));
    }

    @Test
    void blankSettingMeansAlwaysOpen() {
        assertThat(BusinessHours.parse("  ").value()).isEqualTo(BusinessHours.alwaysOpen());
        assertThat(BusinessHours.parse(null).value()).isEqualTo(BusinessHours.alwaysOpen());
    }

    @Test
    void parsesListsRangesWrapAroundAndEndOfDay() {
        BusinessHours hours = BusinessHours.parse("Tue,THU 09:00 - 17:30; fri-sun 10:00-24:00").value();
        assertThat(hours.windows()).containsOnlyKeys(DayOfWeek.TUESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY,
                DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        assertThat(hours.windows().get(DayOfWeek.THURSDAY))
                .isEqualTo(new BusinessHours.Window(LocalTime.of(9, 0), LocalTime.of(17, 30)));
        assertThat(hours.isOpen(sp("2026-11-29T23:59"))).isTrue();
        assertThat(hours.isOpen(sp("2026-11-30T10:00"))).isFalse();
        assertThat(BusinessHours.parse("sat-mon 10:00-12:00").value().windows())
                .containsOnlyKeys(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "mon-fri 18:00-08:00                  | window 18:00-08:00 closes before it opens",
            "mon-fri 8h-18h                       | \"8h-18h\" is not a time range HH:mm-HH:mm",
            "mon-fri 08:00-25:00                  | \"08:00-25:00\" is not a time range HH:mm-HH:mm",
            "seg-sex 08:00-18:00                  | unknown day in \"seg-sex\" (use mon, tue, wed, thu, fri, sat, sun)",
            "mon 08:00-12:00; mon 13:00-18:00     | mon is listed twice",
            "weekdays                             | \"weekdays\" is not like \"mon-fri 08:00-18:00\"",
            ";                                    | no open day",
    })
    void rejectsBadSettingsNamingFieldAndValue(String setting, String reason) {
        assertThat(BusinessHours.parse(setting).error())
                .isEqualTo(new FieldError("businessHours", "\"" + setting + "\" is not valid: " + reason));
    }

    @Test
    void needsAnOpenDay() {
        assertThatThrownBy(() -> new BusinessHours(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWindowSwallowedByTheDaylightSavingGapDoesNotOpenThatDay() {
        // 2015-10-18, a Sunday: São Paulo's clocks went from 00:00 straight to 01:00 (found by the property test).
        BusinessHours sundayMidnight = BusinessHours.parse("sun 00:00-00:30").value();
        ZonedDateTime next = sundayMidnight.nextOpening(sp("2015-10-17T12:00"), new BrazilianHolidays(false));
        assertThat(next).isEqualTo(sp("2015-10-25T00:00"));
        assertThat(sundayMidnight.isOpen(next)).isTrue();
    }
}
