package io.cadencia.whatsapp;

import java.util.Objects;

/**
 * Outcome of one send attempt. The caller decides what happens next: a {@link TemporaryFailure}
 * is rescheduled with backoff, a {@link PermanentFailure} is not retried.
 */
public sealed interface SendResult {

    /**
     * Accepted by the gateway (HTTP 2xx). {@code providerMessageId} is {@link #UNKNOWN_ID} when a 2xx
     * body could not be parsed: the message is out, and treating it as a failure would send it twice.
     */
    record Sent(String providerMessageId) implements SendResult {
        public static final String UNKNOWN_ID = "unknown";

        public Sent {
            Objects.requireNonNull(providerMessageId, "providerMessageId");
        }
    }

    /** Retrying the same request cannot succeed (number not on WhatsApp, schema error, bad apikey, unknown instance). */
    record PermanentFailure(String reason) implements SendResult {
        public PermanentFailure {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * May succeed later (gateway down, instance disconnected, rate limited, timeout). A timeout is
     * ambiguous: the gateway may have sent the message, so a retry can duplicate it.
     */
    record TemporaryFailure(String reason) implements SendResult {
        public TemporaryFailure {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
