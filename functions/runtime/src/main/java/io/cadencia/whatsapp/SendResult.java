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

    /**
     * The gateway refused the tenant's instance (apikey rejected, unknown instance): the message is fine and stays
     * pending; the tenant's configuration must be fixed. Counted as a failed run, never as a failed message.
     */
    record InstanceRejected(String reason) implements SendResult {
        public InstanceRejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Retrying the same request cannot succeed (number not on WhatsApp, schema error). */
    record PermanentFailure(String reason) implements SendResult {
        public PermanentFailure {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Nothing was sent and it may succeed later (gateway down, instance disconnected, rate limited). */
    record TemporaryFailure(String reason) implements SendResult {
        public TemporaryFailure {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The request reached the gateway but no answer came back (timeout, connection dropped mid-response): the
     * gateway may have sent the message. Retrying blindly could send it twice, so the caller must find out first
     * ({@link EvolutionClient#findSent}).
     */
    record Unconfirmed(String reason) implements SendResult {
        public Unconfirmed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
