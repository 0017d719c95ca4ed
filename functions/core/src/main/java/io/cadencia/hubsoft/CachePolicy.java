package io.cadencia.hubsoft;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * How long each category stays fresh, and how long after that an entry is still kept to be served (flagged stale)
 * while HubSoft is down.
 */
public record CachePolicy(Map<CacheCategory, Duration> ttl, Duration staleGrace) {

    public CachePolicy {
        Map<CacheCategory, Duration> copy = new EnumMap<>(CacheCategory.class);
        for (CacheCategory c : CacheCategory.values()) {
            Duration d = ttl.get(c);
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("ttl of " + c + " must be positive, got " + d);
            }
            copy.put(c, d);
        }
        ttl = Map.copyOf(copy);
        if (staleGrace.isNegative()) {
            throw new IllegalArgumentException("staleGrace must be >= 0, got " + staleGrace);
        }
    }

    public static CachePolicy defaults() {
        return new CachePolicy(Map.of(
                CacheCategory.CLIENT_DATA, Duration.ofMinutes(30),
                CacheCategory.CONTRACT_STATUS, Duration.ofHours(4),
                CacheCategory.SERVICE_DATA, Duration.ofHours(1),
                CacheCategory.INVOICES, Duration.ofMinutes(10)), Duration.ofDays(2));
    }

    public CachePolicy withTtl(CacheCategory category, Duration duration) {
        Map<CacheCategory, Duration> copy = new EnumMap<>(ttl);
        copy.put(category, duration);
        return new CachePolicy(copy, staleGrace);
    }

    public Instant freshUntil(CacheCategory category, Instant storedAt) {
        return storedAt.plus(ttl.get(category));
    }

    /** When the entry may be deleted: past this even an outage does not make it worth serving. */
    public Instant keepUntil(CacheCategory category, Instant storedAt) {
        return freshUntil(category, storedAt).plus(staleGrace);
    }
}
