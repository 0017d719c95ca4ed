package io.cadencia.billing.schedule;

import io.cadencia.billing.calendar.BusinessHours;
import io.cadencia.billing.calendar.HolidayCalendar;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/** Turns a plan and a due date into send instants that respect horario_envio, business hours and holidays. */
public final class ReminderScheduler {

    private ReminderScheduler() {
    }

    /**
     * One reminder per step, in step order, each at the step day's {@code sendTime} in the tenant's {@code zone} moved forward to the next
     * opening when that moment is closed or a holiday; moments already past are sent at the next opening from now.
     */
    public static List<ScheduledReminder> schedule(ReminderPlan plan, LocalDate dueDate, LocalTime sendTime,
            BusinessHours hours, HolidayCalendar holidays, ZoneId zone, Clock clock) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        Instant firstPossible = hours.nextOpening(now, holidays).toInstant();
        List<ScheduledReminder> result = new ArrayList<>();
        boolean previousWasOverdue = false;
        for (ReminderStep step : plan.steps()) {
            ZonedDateTime planned = ZonedDateTime.of(dueDate.plusDays(step.dayOffset()), sendTime, zone);
            Instant sendAt = hours.nextOpening(planned, holidays).toInstant();
            // Edge case 12: a step whose moment has passed is still sent once, as soon as we may send.
            boolean overdue = sendAt.isBefore(firstPossible);
            if (overdue) {
                sendAt = firstPossible;
            }
            // Both inputs of sendAt only move forward with the step, so order holds; equal instants can occur.
            // Overdue steps all land on firstPossible, and a customer must not get "vence em 3 dias" and
            // "vence hoje" in the same minute: the later step carries the current situation, so it replaces
            // the earlier overdue one. Non-overdue steps that meet (long closures) are kept, in step order.
            ScheduledReminder reminder = new ScheduledReminder(step, sendAt);
            if (previousWasOverdue && result.get(result.size() - 1).sendAt().equals(sendAt)) {
                result.set(result.size() - 1, reminder);
            } else {
                result.add(reminder);
            }
            previousWasOverdue = overdue;
        }
        return List.copyOf(result);
    }
}
