package io.cadencia.billing;

import java.time.Instant;

/**
 * One step of a cycle to send: {@code status} pending | sending | sent | failed | cancelled | paused (the HubSoft
 * daily checkup found the customer suspended or cancelled; it goes back to pending when they are active again) |
 * unconfirmed (a send went to the gateway and no answer came back: whether it went out is found out before any
 * resend, see {@link MessageSender}).
 * {@code attempts}
 * counts claims (each claim is one send attempt); {@code last} marks the cycle's final step.
 */
public record ReminderMessage(String tenantId, String cycleId, String step, String phone, Instant sendAt, String status,
                              long version, int attempts, boolean last, String providerMessageId, String lastError) {

    public static final String PENDING = "pending";
    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    public static final String PAUSED = "paused";
    public static final String UNCONFIRMED = "unconfirmed";

    public String messageId() {
        return cycleId + "#" + step;
    }
}
