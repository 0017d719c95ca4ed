package io.cadencia.billing.schedule;

/** One reminder, {@code dayOffset} days from the due date (negative = before). */
public record ReminderStep(int dayOffset) {

    /** The name templates are keyed by: {@code D-3}, {@code D0}, {@code D+7}. */
    public String name() {
        return dayOffset == 0 ? "D0" : dayOffset > 0 ? "D+" + dayOffset : "D" + dayOffset;
    }
}
