package io.cadencia.billing.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.cadencia.billing.BrazilTime;
import io.cadencia.billing.calendar.BrazilianHolidays;
import io.cadencia.billing.calendar.BusinessHours;
import io.cadencia.billing.calendar.HolidayCalendar;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReminderSchedulerTest {

    private static final BusinessHours SHOP = BusinessHours.parse("mon-fri 08:00-18:00; sat 08:00-12:00").value();
    private static final HolidayCalendar HOLIDAYS = new BrazilianHolidays(false);
    private static final LocalTime NINE = LocalTime.of(9, 0);

    private static Instant sp(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BrazilTime.ZONE).toInstant();
    }

    // A UTC clock proves the scheduler does not depend on the JVM or clock zone.
    private static Clock at(String saoPauloDateTime) {
        return Clock.fixed(sp(saoPauloDateTime), ZoneOffset.UTC);
    }

    private static List<ScheduledReminder> schedule(ReminderPlan plan, String due, LocalTime sendTime,
            BusinessHours hours, String now) {
        return ReminderScheduler.schedule(plan, LocalDate.parse(due), sendTime, hours, HOLIDAYS, BrazilTime.ZONE, at(now));
    }

    private static ScheduledReminder step(int offset, String saoPauloDateTime) {
        return new ScheduledReminder(new ReminderStep(offset), sp(saoPauloDateTime));
    }

    @Test
    void sendsEachStepAtSendTimeOnItsDay() {
        assertThat(schedule(ReminderPlan.DEFAULT, "2026-12-10", NINE, SHOP, "2026-11-23T09:00")).containsExactly(
                step(-3, "2026-12-07T09:00"),
                step(0, "2026-12-10T09:00"),
                step(3, "2026-12-14T08:00"), // Sunday: next opening is Monday's, not Monday at send time
                step(7, "2026-12-17T09:00"));
    }

    @Test
    void sendTimeIsInterpretedInSaoPaulo() {
        assertThat(schedule(ReminderPlan.DEFAULT, "2026-12-10", NINE, SHOP, "2026-11-23T09:00").get(0).sendAt())
                .isEqualTo(Instant.parse("2026-12-07T12:00:00Z"));
    }

    @Test
    void sendTimeAndHoursAreInTheTenantsZone() {
        ZoneId rioBranco = ZoneId.of("America/Rio_Branco");
        List<ScheduledReminder> reminders = ReminderScheduler.schedule(ReminderPlan.parse("D0").value(), LocalDate.parse("2026-12-10"),
                NINE, SHOP, HOLIDAYS, rioBranco, at("2026-11-23T09:00"));
        assertThat(reminders.get(0).sendAt()).isEqualTo(Instant.parse("2026-12-10T14:00:00Z"));
    }

    @Test
    void holidayMovesToNextOpening() {
        assertThat(schedule(ReminderPlan.DEFAULT, "2026-12-28", NINE, SHOP, "2026-11-23T09:00").get(0))
                .isEqualTo(step(-3, "2026-12-26T08:00")); // Dec 25 is Christmas
    }

    @Test
    void sendTimeOutsideHoursMovesToNextOpening() {
        ReminderPlan d0 = ReminderPlan.parse("D0").value();
        assertThat(schedule(d0, "2026-12-10", LocalTime.of(7, 0), SHOP, "2026-11-23T09:00"))
                .containsExactly(step(0, "2026-12-10T08:00"));
        assertThat(schedule(d0, "2026-12-10", LocalTime.of(20, 0), SHOP, "2026-11-23T09:00"))
                .containsExactly(step(0, "2026-12-11T08:00"));
    }

    @Test
    void alwaysOpenKeepsExactSendTimes() {
        assertThat(schedule(ReminderPlan.DEFAULT, "2026-12-10", LocalTime.of(21, 30), BusinessHours.alwaysOpen(),
                "2026-11-23T09:00")).extracting(ScheduledReminder::sendAt).containsExactly(
                sp("2026-12-07T21:30"), sp("2026-12-10T21:30"), sp("2026-12-13T21:30"), sp("2026-12-17T21:30"));
    }

    @Test
    void overdueStepsCollapseToNowKeepingOnlyTheLatest() {
        // Due yesterday: D-3 and D0 have passed; the customer gets the D0 text once, right now.
        assertThat(schedule(ReminderPlan.DEFAULT, "2026-11-23", NINE, SHOP, "2026-11-24T10:30")).containsExactly(
                step(0, "2026-11-24T10:30"),
                step(3, "2026-11-26T09:00"),
                step(7, "2026-11-30T09:00"));
    }

    @Test
    void overdueStepsOutsideHoursWaitForTheNextOpening() {
        assertThat(schedule(ReminderPlan.DEFAULT, "2026-11-24", NINE, SHOP, "2026-11-24T20:00")).containsExactly(
                step(0, "2026-11-25T08:00"),
                step(3, "2026-11-27T09:00"),
                step(7, "2026-12-01T09:00"));
    }

    @Test
    void overdueStepsOnAHolidayWaitForTheNextOpening() {
        assertThat(schedule(ReminderPlan.DEFAULT, "2026-11-19", NINE, SHOP, "2026-11-20T10:00").get(0))
                .isEqualTo(step(0, "2026-11-21T08:00"));
    }

    @Test
    void overdueStepLandingOnAFutureStepIsDropped() {
        // Before opening on the due date: D-3 moves to 08:00, exactly when D0 is due.
        assertThat(schedule(ReminderPlan.DEFAULT, "2026-11-24", LocalTime.of(8, 0), SHOP, "2026-11-24T07:00"))
                .containsExactly(
                        step(0, "2026-11-24T08:00"),
                        step(3, "2026-11-27T08:00"),
                        step(7, "2026-12-01T08:00"));
    }

    @Test
    void futureStepsThatMeetAreKeptInStepOrder() {
        // Saturday and Sunday with a weekday-only shop both land on Monday's opening.
        BusinessHours weekdays = BusinessHours.parse("mon-fri 08:00-18:00").value();
        assertThat(schedule(ReminderPlan.parse("D0,D+1").value(), "2026-12-05", NINE, weekdays, "2026-11-23T09:00"))
                .containsExactly(step(0, "2026-12-07T08:00"), step(1, "2026-12-07T08:00"));
    }

    @Test
    void stepJustBeforeNowIsSentNowNotSkipped() {
        assertThat(schedule(ReminderPlan.parse("D0").value(), "2026-11-23", NINE, SHOP, "2026-11-23T09:01"))
                .containsExactly(step(0, "2026-11-23T09:01"));
    }
}
