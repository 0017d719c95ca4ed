package io.cadencia.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How a failed call is tried again: at most {@code maxAttempts} tries, the pause before the next one growing from
 * {@code base} by {@code multiplier} per failure up to {@code maxDelay} (the ceiling) and drawn at random under it,
 * so the retries of many tenants hitting the same outage spread out instead of arriving together.
 *
 * <p>One type for every retry: endpoint calls, HubSoft, storage conflicts and Evolution sends pause through
 * {@link Retrier}; queue redeliveries and rescheduled sends take {@link #delay}/{@link #nextDelay} as a delay to
 * hand back.
 *
 * @param spread            where under the ceiling the pause is drawn
 * @param unit              the granularity of pauses: 1 ms for waits, 1 s for SQS visibility timeouts, which take
 *                          whole seconds; the ceiling counts as at least one unit
 * @param honoursRetryAfter never pause less than the server's Retry-After when it gave one
 * @param repeat            whether a failure that may have reached the other side may be tried again
 */
public record RetryPolicy(int maxAttempts, Duration base, double multiplier, Duration maxDelay, Spread spread,
                          Duration unit, boolean honoursRetryAfter, Repeat repeat) {

    /** Where a pause is drawn under the ceiling. */
    public enum Spread {
        /** Uniform from zero to the ceiling ("full jitter"): the widest spread, for short in-call pauses. */
        FULL,
        /** Uniform from half the ceiling to the ceiling: delays still grow with every failure while they spread. */
        UPPER_HALF
    }

    /** Whether a call may be made again after a failure that does not prove it was not acted on. */
    public enum Repeat {
        /** Idempotent (a read, a keyed write, a conditional write): any retryable failure is tried again. */
        SAFE,
        /**
         * Creates something: tried again only after failures that prove the request was not received (a refused
         * connection, a 429); a timeout or a 5xx leaves the outcome unknown, and repeating could do it twice.
         */
        ONLY_IF_NOT_SENT
    }

    public RetryPolicy {
        Objects.requireNonNull(spread, "spread");
        Objects.requireNonNull(repeat, "repeat");
        if (base.isNegative() || base.isZero() || maxDelay.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= maxDelay, got " + base + " and " + maxDelay);
        }
        if (multiplier < 1.0 || maxAttempts < 1) {
            throw new IllegalArgumentException("need multiplier >= 1 and maxAttempts >= 1");
        }
        if (unit.isNegative() || unit.isZero()) {
            throw new IllegalArgumentException("need a positive unit, got " + unit);
        }
    }

    /** Full jitter in milliseconds, Retry-After ignored, safe to repeat: what most pauses want. */
    public static RetryPolicy exponential(int maxAttempts, Duration base, double multiplier, Duration maxDelay) {
        return new RetryPolicy(maxAttempts, base, multiplier, maxDelay, Spread.FULL, Duration.ofMillis(1), false, Repeat.SAFE);
    }

    public RetryPolicy spread(Spread spread, Duration unit) {
        return new RetryPolicy(maxAttempts, base, multiplier, maxDelay, spread, unit, honoursRetryAfter, repeat);
    }

    public RetryPolicy honouringRetryAfter() {
        return new RetryPolicy(maxAttempts, base, multiplier, maxDelay, spread, unit, true, repeat);
    }

    public RetryPolicy repeat(Repeat repeat) {
        return new RetryPolicy(maxAttempts, base, multiplier, maxDelay, spread, unit, honoursRetryAfter, repeat);
    }

    /**
     * Pause before the next attempt after {@code failures} failures (1 = the first try failed); empty once
     * {@code maxAttempts} attempts have been made.
     */
    public Optional<Duration> nextDelay(int failures, Optional<Duration> retryAfter, RandomGenerator random) {
        if (failures < 1 || failures < maxAttempts) {
            return Optional.of(delay(failures, retryAfter, random));
        }
        return Optional.empty();
    }

    /**
     * Pause after {@code failures} failures whatever the attempts left: for a caller that keeps its own count
     * (a queue's receive count may pass {@code maxAttempts} before the message is dead-lettered).
     */
    public Duration delay(int failures, Optional<Duration> retryAfter, RandomGenerator random) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be >= 1, got " + failures);
        }
        long ceiling = Math.max(1, ceiling(failures).dividedBy(unit));
        long floor = spread == Spread.FULL ? 0 : Math.max(1, ceiling / 2);
        Duration drawn = unit.multipliedBy(floor + random.nextLong(ceiling - floor + 1));
        return retryAfter.filter(after -> honoursRetryAfter && after.compareTo(drawn) > 0).orElse(drawn);
    }

    /** The upper bound of the pause for a given failure count, before any Retry-After. */
    public Duration ceiling(int failures) {
        // Computed in double so large attempt numbers saturate at maxDelay instead of overflowing.
        double millis = base.toMillis() * Math.pow(multiplier, failures - 1);
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }
}
