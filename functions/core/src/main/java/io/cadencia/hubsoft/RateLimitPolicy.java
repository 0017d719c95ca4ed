package io.cadencia.hubsoft;

import io.cadencia.ratelimit.Bucket;
import io.cadencia.ratelimit.Decision;
import io.cadencia.ratelimit.TokenBucket;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Token-bucket arithmetic for one tenant's HubSoft account, computed from timestamps only (the bucket lives in a
 * shared table, so no timer refills it).
 *
 * <p>Guarantee: in ANY 60-second window at most {@code requestsPerMinute} tokens are granted. A bucket of capacity
 * {@code burst} refilled at {@code r}/min can grant {@code burst + r} in one window, so the refill rate is
 * {@code requestsPerMinute - burst} per minute (defaults: 30/min, burst 6, refill 24/min).
 *
 * <p>Priorities: a request of priority p takes a token only if at least {@code 1 + floor(p)} tokens are in the
 * bucket, where {@code floor(p)} is the sum of the reserves of every priority above p. With the default reserves
 * (CRITICAL 1, HIGH 1, NORMAL 1) CRITICAL may take the last token, HIGH needs 2, NORMAL 3 and LOW 4: background
 * work never drains the tokens a ticket creation or a waiting customer needs.
 */
public record RateLimitPolicy(int requestsPerMinute, int burst, Map<Priority, Integer> reserves) {

    public RateLimitPolicy {
        if (requestsPerMinute < 2 || burst < 1 || burst >= requestsPerMinute) {
            throw new IllegalArgumentException("need requestsPerMinute >= 2 and 1 <= burst < requestsPerMinute, got "
                    + requestsPerMinute + " and " + burst);
        }
        Map<Priority, Integer> copy = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            int reserve = reserves.getOrDefault(p, 0);
            if (reserve < 0) {
                throw new IllegalArgumentException("reserve of " + p + " must be >= 0, got " + reserve);
            }
            copy.put(p, reserve);
        }
        reserves = Map.copyOf(copy);
        if (floor(Priority.LOW, reserves) + 1 > burst) {
            throw new IllegalArgumentException("burst " + burst + " leaves no token for LOW with reserves " + reserves);
        }
    }

    public static RateLimitPolicy defaults() {
        return of(30);
    }

    /** Burst of a fifth of the limit (6 for 30/min), at least the 4 tokens LOW needs with the default reserves. */
    public static RateLimitPolicy of(int requestsPerMinute) {
        return new RateLimitPolicy(requestsPerMinute, Math.max(4, requestsPerMinute / 5),
                Map.of(Priority.CRITICAL, 1, Priority.HIGH, 1, Priority.NORMAL, 1));
    }

    /** A fresh bucket, full. */
    public Bucket full(Instant now) {
        return bucket().full(now);
    }

    private TokenBucket bucket() {
        return new TokenBucket(burst, requestsPerMinute - burst);
    }

    /** Tokens that must stay in the bucket after a request of this priority takes one. */
    public int floor(Priority priority) {
        return floor(priority, reserves);
    }

    private static int floor(Priority priority, Map<Priority, Integer> reserves) {
        int floor = 0;
        for (Priority higher : Priority.values()) {
            if (higher.ordinal() >= priority.ordinal()) {
                break;
            }
            floor += reserves.getOrDefault(higher, 0);
        }
        return floor;
    }

    /** The bucket at {@code now}; a clock read behind the stored timestamp adds nothing. */
    public Bucket refill(Bucket bucket, Instant now) {
        return bucket().refill(bucket, now);
    }

    /** Takes one token for {@code priority}, or says how long until one is available to it. */
    public Decision take(Bucket bucket, Instant now, Priority priority) {
        return bucket().take(bucket, now, 1, 1 + floor(priority));
    }
}
