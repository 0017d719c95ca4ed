package io.cadencia.ratelimit;

import java.time.Instant;

/** Tokens at a point in time; tokens are fractional because refill is continuous. */
public record Bucket(double tokens, Instant refilledAt) {
}
