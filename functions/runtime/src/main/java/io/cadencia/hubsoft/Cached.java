package io.cadencia.hubsoft;

import java.time.Instant;

/**
 * A value with where it came from. {@code stale} means HubSoft could not be reached and this is the last known
 * value, older than its category's TTL: callers decide whether that is good enough.
 */
public record Cached<T>(T value, Source source, Instant storedAt, boolean stale) {

    public enum Source { MEMORY, SHARED, HUBSOFT }
}
