package io.cadencia.billing;

import java.util.Arrays;

/**
 * Where a billing's reminder cycle stands. The wire name is what the work table holds (the cycle's {@code status}
 * and its index row's {@code cycleStatus}) and what the billing controls answer.
 */
public enum CycleStatus {
    ACTIVE("active"),
    CANCELLED("cancelled"),
    PAID("paid"),
    /** Its last step was sent or failed. */
    COMPLETED("completed");

    private final String wire;

    CycleStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static CycleStatus fromWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("cycle status '" + wire + "' is unknown"));
    }

    /** An ended cycle's externalBillingId may start a new cycle (a re-issued bill). */
    public boolean ended() {
        return switch (this) {
            case ACTIVE -> false;
            case CANCELLED, PAID, COMPLETED -> true;
        };
    }

    @Override
    public String toString() {
        return wire;
    }
}
