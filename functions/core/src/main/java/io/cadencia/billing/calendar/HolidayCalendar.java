package io.cadencia.billing.calendar;

import java.time.LocalDate;

/** Tells whether a civil date, in the tenant's zone, is a day on which no reminder is sent. */
@FunctionalInterface
public interface HolidayCalendar {

    boolean isHoliday(LocalDate date);

    static HolidayCalendar none() {
        return date -> false;
    }
}
