package io.cadencia.billing.calendar;

import io.cadencia.billing.BrazilTime;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The next business opening, for any weekly hours, any moment (DST years included) and either holiday calendar. */
class BusinessHoursPropertiesTest {

    @Provide
    Arbitrary<BusinessHours.Window> windows() {
        Arbitrary<Integer> openMinute = Arbitraries.integers().between(0, 24 * 60 - 2);
        Arbitrary<Integer> length = Arbitraries.integers().between(1, 24 * 60);
        return Combinators.combine(openMinute, length).as((open, minutes) -> {
            LocalTime opening = LocalTime.MIN.plusMinutes(open);
            int closeMinute = Math.min(open + minutes, 24 * 60);
            // Closing at 24:00 is written as midnight.
            return new BusinessHours.Window(opening, closeMinute == 24 * 60 ? LocalTime.MIDNIGHT : LocalTime.MIN.plusMinutes(closeMinute));
        });
    }

    @Provide
    Arbitrary<BusinessHours> hours() {
        return Arbitraries.maps(Arbitraries.of(DayOfWeek.class), windows()).ofMinSize(1).ofMaxSize(7)
                .map(windows -> new BusinessHours(new EnumMap<>(Map.copyOf(windows))));
    }

    @Provide
    Arbitrary<ZonedDateTime> moments() {
        // 2015-2035: São Paulo still had daylight saving time until 2019.
        return Arbitraries.longs().between(0, 21L * 366 * 24 * 60).map(minutes ->
                LocalDateTime.of(2015, 1, 1, 0, 0).plusMinutes(minutes).atZone(BrazilTime.ZONE));
    }

    @Property
    void nextOpeningIsOpenNotAHolidayAndNotBeforeTheStart(@ForAll("hours") BusinessHours hours,
            @ForAll("moments") ZonedDateTime from, @ForAll boolean optionalHolidays) {
        HolidayCalendar holidays = new BrazilianHolidays(optionalHolidays);

        ZonedDateTime opening = hours.nextOpening(from, holidays);

        assertThat(opening).isAfterOrEqualTo(from);
        assertThat(hours.isOpen(opening)).as("open at %s", opening).isTrue();
        assertThat(holidays.isHoliday(opening.withZoneSameInstant(BrazilTime.ZONE).toLocalDate())).as("%s is a holiday", opening).isFalse();
    }

    @Property
    void startIsItsOwnOpeningExactlyWhenItIsOpenOnAWorkingDay(@ForAll("hours") BusinessHours hours,
            @ForAll("moments") ZonedDateTime from, @ForAll boolean optionalHolidays) {
        HolidayCalendar holidays = new BrazilianHolidays(optionalHolidays);
        boolean workingNow = hours.isOpen(from) && !holidays.isHoliday(from.toLocalDate());

        assertThat(hours.nextOpening(from, holidays).isEqual(from)).isEqualTo(workingNow);
    }
}
