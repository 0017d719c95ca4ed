package io.cadencia.billing;

import java.time.Instant;

/**
 * One step of a cycle to send, in a {@link MessageStatus}. {@code attempts} counts claims (each claim is one send
 * attempt); {@code last} marks the cycle's final step.
 */
public record ReminderMessage(String tenantId, String cycleId, String step, String phone, Instant sendAt, MessageStatus status,
                              long version, int attempts, boolean last, String providerMessageId, String lastError) {

    public String messageId() {
        return cycleId + "#" + step;
    }

    public ReminderMessage withCycleId(String id) {
        return new ReminderMessage(tenantId, id, step, phone, sendAt, status, version, attempts, last, providerMessageId, lastError);
    }
}
