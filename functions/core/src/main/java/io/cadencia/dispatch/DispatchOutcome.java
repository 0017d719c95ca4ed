package io.cadencia.dispatch;

import java.util.Objects;

/**
 * What one tick did: dispatched N tenant messages, or why it dispatched none; for a scheduled tick, also what it
 * found missed before it and caught up ({@link Missed#NONE} otherwise).
 */
public record DispatchOutcome(Status status, int tenants, int messages, String detail, Missed missed) {

    /** {@code SKIPPED}: the tick came later than its job's catch-up window, or after a later tick decided its fate. */
    public enum Status { DISPATCHED, DUPLICATE, PAUSED, NO_TENANTS, SKIPPED, FAILED }

    public DispatchOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(missed, "missed");
    }

    public DispatchOutcome(Status status, int tenants, int messages, String detail) {
        this(status, tenants, messages, detail, Missed.NONE);
    }

    public static DispatchOutcome duplicate(Tick tick) {
        return new DispatchOutcome(Status.DUPLICATE, 0, 0, "tick " + tick + " was already claimed");
    }

    public DispatchOutcome with(Missed missed) {
        return new DispatchOutcome(status, tenants, messages, detail, missed);
    }
}
