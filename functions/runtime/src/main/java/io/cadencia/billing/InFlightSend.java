package io.cadencia.billing;

import java.time.Instant;
import java.util.Optional;

/**
 * A message whose send may have reached the gateway: claimed and still {@code sending} past its lease, or
 * {@code unconfirmed}. {@code sendStartedAt} is written right before the HTTP call, with the hash of the text sent;
 * it is empty when the worker stopped before calling, which makes a resend safe.
 */
public record InFlightSend(ReminderMessage message, Optional<Instant> sendStartedAt, Optional<String> textSha256) {
}
