package io.cadencia.alerts;

import java.util.Arrays;

/**
 * Seed 002's automatic alerts ("Alertas Automáticos"). The wire name keys the incident in the store, the
 * {@code alert} dimension of {@code AlertsOpened}/{@code AlertsResolved} and the simulation report.
 */
public enum Alert {
    /** Reminder messages claimed for sending more than two hours ago and still in {@code sending}. */
    STUCK_MESSAGES("stuck_messages"),
    /** More than 10 % of a tenant's runs and sends failed in the last hour. */
    ERROR_RATE("error_rate"),
    /** A catalogue job whose schedule expected a tick but none has run for 24 hours (an operator incident, per job). */
    MISSED_RUN("missed_run"),
    /** The tenant's Evolution instance has not been open for more than 30 minutes. */
    WHATSAPP_OFFLINE("whatsapp_offline");

    private final String wire;

    Alert(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Alert fromWire(String wire) {
        return Arrays.stream(values()).filter(a -> a.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown alert '" + wire + "'"));
    }
}
