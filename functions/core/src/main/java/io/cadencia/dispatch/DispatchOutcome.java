package io.cadencia.dispatch;

/** What one tick did: dispatched N tenant messages, or why it dispatched none. */
public record DispatchOutcome(Status status, int tenants, int messages, String detail) {

    public enum Status { DISPATCHED, DUPLICATE, PAUSED, NO_TENANTS, FAILED }

    public static DispatchOutcome duplicate(Tick tick) {
        return new DispatchOutcome(Status.DUPLICATE, 0, 0, "tick " + tick + " was already claimed");
    }
}
