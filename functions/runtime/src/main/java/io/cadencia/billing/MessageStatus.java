package io.cadencia.billing;

import java.util.Arrays;

/**
 * Where a reminder message stands. The wire name is what the work table's {@code status} holds, what the claim
 * conditions compare and what the simulation report counts by.
 */
public enum MessageStatus {
    /** Waiting for its send time, in the due index. */
    PENDING("pending"),
    /** Claimed by a sender under a lease; a dead sender's claim is recovered (edge case 7). */
    SENDING("sending"),
    SENT("sent"),
    FAILED("failed"),
    CANCELLED("cancelled"),
    /**
     * The HubSoft daily checkup found the customer suspended or cancelled; it goes back to pending when they are
     * active again.
     */
    PAUSED("paused"),
    /**
     * A send went to the gateway and no answer came back: whether it went out is found out before any resend, see
     * {@link MessageSender}.
     */
    UNCONFIRMED("unconfirmed");

    private final String wire;

    MessageStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static MessageStatus fromWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("message status '" + wire + "' is unknown"));
    }

    /**
     * Whether the message may still be sent: what ending its cycle or an opt-out cancels. An unconfirmed send may
     * already be out, so it is not open: cancelling it would hide a send that happened.
     */
    public boolean open() {
        return switch (this) {
            case PENDING, SENDING, PAUSED -> true;
            case SENT, FAILED, CANCELLED, UNCONFIRMED -> false;
        };
    }

    @Override
    public String toString() {
        return wire;
    }
}
