package io.cadencia.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * Token-bucket arithmetic from timestamps only (buckets live in a shared table, so no timer refills them): a bucket
 * of {@code capacity} tokens refilled continuously at {@code perMinute} tokens a minute.
 */
public record TokenBucket(double capacity, double perMinute) {

    public TokenBucket {
        if (capacity <= 0 || perMinute <= 0) {
            throw new IllegalArgumentException("need capacity > 0 and perMinute > 0, got " + capacity + " and " + perMinute);
        }
    }

    /** A fresh bucket, full. */
    public Bucket full(Instant now) {
        return new Bucket(capacity, now);
    }

    /** Tokens per millisecond. */
    private double ratePerMilli() {
        return perMinute / 60_000.0;
    }

    /** The bucket at {@code now}; a clock read behind the stored timestamp adds nothing. */
    public Bucket refill(Bucket bucket, Instant now) {
        long elapsed = Math.max(0, now.toEpochMilli() - bucket.refilledAt().toEpochMilli());
        double tokens = Math.min(capacity, bucket.tokens() + elapsed * ratePerMilli());
        Instant at = now.isAfter(bucket.refilledAt()) ? now : bucket.refilledAt();
        return new Bucket(tokens, at);
    }

    /**
     * Takes {@code cost} tokens when at least {@code needed} (>= cost) are in the bucket, or says how long until
     * there are. {@code needed} above {@code capacity} is never granted: the caller must refuse such a request.
     */
    public Decision take(Bucket bucket, Instant now, double cost, double needed) {
        Bucket current = refill(bucket, now);
        if (current.tokens() >= needed) {
            return new Decision(true, new Bucket(current.tokens() - cost, current.refilledAt()), Duration.ZERO);
        }
        long waitMillis = (long) Math.ceil((needed - current.tokens()) / ratePerMilli());
        // The division and refill's multiplication round separately: when the quotient is a whole number the refill
        // after that wait can land a rounding error short, and the caller would be denied again. Checked with
        // refill's own arithmetic, one more millisecond always covers it.
        if (current.tokens() + waitMillis * ratePerMilli() < needed) {
            waitMillis++;
        }
        return new Decision(false, current, Duration.ofMillis(Math.max(1, waitMillis)));
    }
}
