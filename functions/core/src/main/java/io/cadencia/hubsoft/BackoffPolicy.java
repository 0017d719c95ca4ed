package io.cadencia.hubsoft;

import io.cadencia.retry.RetryBackoff;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Retries of a 429 or 5xx answer (seed 003: max 3 retries, multiplier 2): exponential backoff with full jitter
 * from {@link RetryBackoff}, but never sooner than the server's Retry-After.
 */
public record BackoffPolicy(RetryBackoff backoff) {

    public static BackoffPolicy defaults() {
        return new BackoffPolicy(new RetryBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 4));
    }

    /** Delay before the next attempt, or empty when the retries are spent. */
    public Optional<Duration> next(int failedAttempts, Optional<Duration> retryAfter, RandomGenerator random) {
        return backoff.nextDelay(failedAttempts, random)
                .map(delay -> retryAfter.filter(after -> after.compareTo(delay) > 0).orElse(delay));
    }
}
