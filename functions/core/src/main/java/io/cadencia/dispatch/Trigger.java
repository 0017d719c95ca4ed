package io.cadencia.dispatch;

import java.util.Arrays;

/** What fired a tick; the wire name is what messages, execution records and endpoint calls carry. */
public enum Trigger {
    /** An EventBridge schedule's tick. */
    SCHEDULE("schedule"),
    /** An operator's run-now: honoured while paused, never coalesced, kept apart from the schedule's own tick. */
    MANUAL("manual"),
    /**
     * An operator's backfill of a past fire time: honoured while paused, never coalesced, kept apart from the
     * schedule's own tick of that time (which may have run, or may still be caught up).
     */
    BACKFILL("backfill");

    private final String wire;

    Trigger(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** An operator's explicit decision: it runs even while its job or category is paused. */
    public boolean byOperator() {
        return this != SCHEDULE;
    }

    public static Trigger fromWire(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("trigger '" + wire + "' is not one of schedule, manual, backfill"));
    }

    @Override
    public String toString() {
        return wire;
    }
}
