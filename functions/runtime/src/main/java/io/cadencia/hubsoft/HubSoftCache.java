package io.cadencia.hubsoft;

import com.fasterxml.jackson.databind.JavaType;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.cadencia.aws.Attr;
import io.cadencia.aws.Json;
import io.cadencia.observability.MetricsSink;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Two-level cache of HubSoft answers (seed 003 §3): a per-container Caffeine cache (LRU bound) in front of
 * SharedTable ({@link SharedTable#cacheEntry}), shared by every Lambda.
 *
 * <p>An item carries {@code freshUntil} (storedAt + the category's TTL) and the TTL attribute {@code expiresAt}
 * = freshUntil + stale grace, so that when HubSoft is down the last known value can still be served, flagged
 * stale. Reads always compare {@code freshUntil} and {@code expiresAt} with the clock because DynamoDB deletes
 * expired items late (days, on the real service). Memory entries are trusted for at most {@code memoryMaxAge},
 * which bounds how long an invalidation made by another container goes unseen here.
 *
 * <p>Metrics: hubsoft.cache.hit{level,category} (each one a HubSoft call saved, also hubsoft.cache.calls_saved),
 * hubsoft.cache.miss, hubsoft.cache.eviction, hubsoft.cache.stale_served.
 */
public final class HubSoftCache {

    private record Stored(String json, Instant storedAt, Instant freshUntil, Instant keepUntil) {
    }

    /** Counters of this container, for reports and tests. */
    public record Stats(long hits, long misses, long evictions, long staleServed) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final CachePolicy policy;
    private final Clock clock;
    private final MetricsSink metrics;
    private final Cache<String, Stored> memory;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicLong staleServed = new AtomicLong();

    public HubSoftCache(DynamoDbClient dynamo, String table, CachePolicy policy, int memorySize, Duration memoryMaxAge,
                        Clock clock, MetricsSink metrics) {
        this.dynamo = dynamo;
        this.table = table;
        this.policy = policy;
        this.clock = clock;
        this.metrics = metrics;
        this.memory = Caffeine.newBuilder()
                .maximumSize(memorySize)
                .expireAfterWrite(memoryMaxAge)
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .removalListener((String key, Stored value, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        evictions.incrementAndGet();
                        metrics.count("hubsoft.cache.eviction", Map.of());
                    }
                })
                .build();
    }

    /**
     * The fresh value from memory or the shared table; otherwise {@code loader}'s (stored at both levels). When the
     * loader finds HubSoft unavailable, the last known value is served stale if one is kept; a null from the loader
     * (nothing to cache, e.g. an unknown client) is returned as an empty result and not stored.
     */
    public <T> Optional<Cached<T>> get(String tenantId, CacheCategory category, String key, JavaType type, Supplier<T> loader) {
        Optional<Cached<T>> fresh = fresh(tenantId, category, key, type);
        if (fresh.isPresent()) {
            return fresh;
        }
        misses.incrementAndGet();
        metrics.count("hubsoft.cache.miss", Map.of("category", category.name()));
        T value;
        try {
            value = loader.get();
        } catch (HubSoftUnavailableException down) {
            Optional<Stored> last = readShared(tenantId, category, key).or(() -> Optional.ofNullable(memory.getIfPresent(memoryKey(tenantId, category, key))));
            if (last.isEmpty()) {
                throw down;
            }
            staleServed.incrementAndGet();
            metrics.count("hubsoft.cache.stale_served", Map.of("category", category.name()));
            return Optional.of(new Cached<>(decode(last.get().json(), type), Cached.Source.SHARED, last.get().storedAt(), true));
        }
        if (value == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        put(tenantId, category, key, value);
        return Optional.of(new Cached<>(value, Cached.Source.HUBSOFT, now, false));
    }

    /** Only what is fresh at either level; never calls HubSoft. Counts a hit when found. */
    public <T> Optional<Cached<T>> fresh(String tenantId, CacheCategory category, String key, JavaType type) {
        Instant now = clock.instant();
        String memoryKey = memoryKey(tenantId, category, key);
        Stored inMemory = memory.getIfPresent(memoryKey);
        if (inMemory != null && now.isBefore(inMemory.freshUntil())) {
            return Optional.of(hit(tenantId, category, "memory", inMemory, type, Cached.Source.MEMORY));
        }
        Optional<Stored> shared = readShared(tenantId, category, key).filter(s -> now.isBefore(s.freshUntil()));
        if (shared.isPresent()) {
            memory.put(memoryKey, shared.get());
            return Optional.of(hit(tenantId, category, "shared", shared.get(), type, Cached.Source.SHARED));
        }
        return Optional.empty();
    }

    /** The last stored value, fresh or not (while kept), without counting a hit or a miss. */
    public <T> Optional<Cached<T>> lastKnown(String tenantId, CacheCategory category, String key, JavaType type) {
        Instant now = clock.instant();
        return readShared(tenantId, category, key)
                .map(s -> new Cached<T>(decode(s.json(), type), Cached.Source.SHARED, s.storedAt(), !now.isBefore(s.freshUntil())));
    }

    public void put(String tenantId, CacheCategory category, String key, Object value) {
        putAll(tenantId, category, Map.of(key, value));
    }

    /** Stores many entries of one category at once (BatchWriteItem, 25 a call): what a bulk sweep produces. */
    public void putAll(String tenantId, CacheCategory category, Map<String, ?> values) {
        Instant now = clock.instant();
        List<WriteRequest> writes = new ArrayList<>();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            Stored stored = new Stored(encode(e.getValue()), now, policy.freshUntil(category, now), policy.keepUntil(category, now));
            memory.put(memoryKey(tenantId, category, e.getKey()), stored);
            Map<String, AttributeValue> item = new HashMap<>(SharedTable.cacheEntry(tenantId, category, e.getKey()));
            item.put("value", Attr.s(stored.json()));
            item.put("storedAt", Attr.n(now.toEpochMilli()));
            item.put("freshUntil", Attr.n(stored.freshUntil().toEpochMilli()));
            item.put("expiresAt", Attr.expiresAt(stored.keepUntil()));
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        for (int i = 0; i < writes.size(); i += 25) {
            Map<String, List<WriteRequest>> pending = Map.of(table, writes.subList(i, Math.min(writes.size(), i + 25)));
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> batch = pending;
                pending = dynamo.batchWriteItem(b -> b.requestItems(batch)).unprocessedItems();
            }
        }
    }

    /** Explicit invalidation: gone from this container's memory and from the shared table. */
    public void invalidate(String tenantId, CacheCategory category, String key) {
        memory.invalidate(memoryKey(tenantId, category, key));
        dynamo.deleteItem(b -> b.tableName(table).key(SharedTable.cacheEntry(tenantId, category, key)));
        metrics.count("hubsoft.cache.invalidated", Map.of("category", category.name()));
    }

    public Stats stats() {
        memory.cleanUp();
        return new Stats(hits.get(), misses.get(), evictions.get(), staleServed.get());
    }

    private <T> Cached<T> hit(String tenantId, CacheCategory category, String level, Stored stored, JavaType type, Cached.Source source) {
        hits.incrementAndGet();
        metrics.count("hubsoft.cache.hit", Map.of("category", category.name(), "level", level));
        metrics.count("hubsoft.cache.calls_saved", Map.of());
        return new Cached<>(decode(stored.json(), type), source, stored.storedAt(), false);
    }

    private Optional<Stored> readShared(String tenantId, CacheCategory category, String key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(SharedTable.cacheEntry(tenantId, category, key))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Instant keepUntil = Instant.ofEpochSecond(Attr.num(item, "expiresAt", 0));
        if (!clock.instant().isBefore(keepUntil)) {
            return Optional.empty();
        }
        return Optional.of(new Stored(Attr.str(item, "value"), Instant.ofEpochMilli(Attr.num(item, "storedAt", 0)),
                Instant.ofEpochMilli(Attr.num(item, "freshUntil", 0)), keepUntil));
    }

    private static String memoryKey(String tenantId, CacheCategory category, String key) {
        return tenantId + "|" + SharedTable.cacheKey(category, key);
    }

    private static String encode(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T decode(String json, JavaType type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
