package io.cadencia.billing.calendar;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Set;
import java.util.TreeSet;

/**
 * Brazilian national holidays; Carnival Monday/Tuesday and Corpus Christi are "pontos facultativos",
 * observed by most ISPs but not all, so they are a tenant choice.
 */
public record BrazilianHolidays(boolean includeOptionalDays) implements HolidayCalendar {

    private static final Set<MonthDay> FIXED = Set.of(
            MonthDay.of(1, 1), MonthDay.of(4, 21), MonthDay.of(5, 1), MonthDay.of(9, 7), MonthDay.of(10, 12),
            MonthDay.of(11, 2), MonthDay.of(11, 15), MonthDay.of(11, 20), MonthDay.of(12, 25));

    @Override
    public boolean isHoliday(LocalDate date) {
        return forYear(date.getYear()).contains(date);
    }

    /** All holidays of the year under this calendar's optional-day choice, in date order. */
    public Set<LocalDate> forYear(int year) {
        Set<LocalDate> days = new TreeSet<>();
        FIXED.forEach(day -> days.add(day.atYear(year)));
        LocalDate easter = easter(year);
        days.add(easter.minusDays(2));
        if (includeOptionalDays) {
            days.add(easter.minusDays(48));
            days.add(easter.minusDays(47));
            days.add(easter.plusDays(60));
        }
        return days;
    }

    /** Gregorian Easter Sunday by the Meeus/Jones/Butcher algorithm. */
    public static LocalDate easter(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
