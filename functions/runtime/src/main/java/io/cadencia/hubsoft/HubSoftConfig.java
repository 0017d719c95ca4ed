package io.cadencia.hubsoft;

import io.cadencia.config.RuntimeConfig;
import io.cadencia.retry.RetryPolicy;

import java.time.Duration;

/**
 * Tunables of the HubSoft integration, from the function's environment (HUBSOFT_*), defaults from seed 003.
 *
 * @param retry            429, 5xx and connection failures (seed 003: at most 3 retries, multiplier 2): full jitter,
 *                         never sooner than the server's Retry-After
 * @param leaseDuration    how long a token renewal or client sweep may hold its lease before another Lambda may take over
 * @param leasePoll        how long a Lambda that lost the lease waits before re-reading the result
 * @param leasePolls       how many times it does so before giving up
 * @param maxLimiterWait   longest a request waits for a rate-limit token before HubSoft counts as unavailable
 * @param memoryCacheSize  LRU bound of the per-container cache
 * @param memoryMaxAge     longest a per-container entry is trusted before the shared table is read again, which
 *                         bounds how long an invalidation in another container goes unseen
 */
public record HubSoftConfig(RateLimitPolicy rateLimit, CachePolicy cache, RetryPolicy retry, Duration requestTimeout,
                            Duration leaseDuration, Duration leasePoll, int leasePolls, Duration maxLimiterWait,
                            int memoryCacheSize, Duration memoryMaxAge, int ticketsPerPage, int clientsPerPage) {

    public static HubSoftConfig defaults() {
        return new HubSoftConfig(RateLimitPolicy.defaults(), CachePolicy.defaults(),
                RetryPolicy.exponential(4, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30)).honouringRetryAfter(),
                Duration.ofSeconds(15), Duration.ofSeconds(20), Duration.ofMillis(50), 100, Duration.ofMinutes(5),
                10_000, Duration.ofMinutes(1), 100, 500);
    }

    public static HubSoftConfig from(RuntimeConfig env) {
        HubSoftConfig d = defaults();
        CachePolicy cache = d.cache();
        for (CacheCategory category : CacheCategory.values()) {
            cache = cache.withTtl(category, env.duration("HUBSOFT_TTL_" + category.name(), cache.ttl().get(category)));
        }
        RateLimitPolicy rate = env.optional("HUBSOFT_REQUESTS_PER_MINUTE").isPresent()
                ? RateLimitPolicy.of(env.integer("HUBSOFT_REQUESTS_PER_MINUTE", 0)) : d.rateLimit();
        return new HubSoftConfig(rate, cache, d.retry(), env.duration("HUBSOFT_TIMEOUT", d.requestTimeout()),
                d.leaseDuration(), d.leasePoll(), d.leasePolls(), env.duration("HUBSOFT_MAX_LIMITER_WAIT", d.maxLimiterWait()),
                d.memoryCacheSize(), d.memoryMaxAge(), d.ticketsPerPage(), d.clientsPerPage());
    }
}
