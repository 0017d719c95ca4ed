package io.cadencia.retry;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (delay uniform in [0, min(maxDelay, base * multiplier^(n-1))]):
 * spreads retries of many tenants hitting the same outage instead of synchronizing them.
 */
public record RetryBackoff(Duration base, double multiplier, Duration maxDelay, int maxAttempts) {

    public RetryBackoff {
        if (base.isNegative() || base.isZero() || maxDelay.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= maxDelay, got " + base + " and " + maxDelay);
        }
        if (multiplier < 1.0 || maxAttempts < 1) {
            throw new IllegalArgumentException("need multiplier >= 1 and maxAttempts >= 1");
        }
    }

    /**
     * Delay before the next attempt after {@code failedAttempts} failures (1 = the first try failed);
     * empty once {@code maxAttempts} attempts have been made.
     */
    public Optional<Duration> nextDelay(int failedAttempts, RandomGenerator random) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be >= 1, got " + failedAttempts);
        }
        if (failedAttempts >= maxAttempts) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(random.nextLong(ceiling(failedAttempts).toMillis() + 1)));
    }

    /** The upper bound of the jitter for a given failure count. */
    public Duration ceiling(int failedAttempts) {
        // Computed in double so large attempt numbers saturate at maxDelay instead of overflowing.
        double millis = base.toMillis() * Math.pow(multiplier, failedAttempts - 1);
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }
}
