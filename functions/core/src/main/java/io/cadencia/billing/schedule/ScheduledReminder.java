package io.cadencia.billing.schedule;

import java.time.Instant;

/** When one step of a plan is to be sent. */
public record ScheduledReminder(ReminderStep step, Instant sendAt) {
}
