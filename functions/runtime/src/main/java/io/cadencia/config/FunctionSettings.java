package io.cadencia.config;

import io.cadencia.hubsoft.HubSoftConfig;

import java.time.Duration;
import java.util.Optional;

/**
 * A function's environment, parsed once when its container starts: every variable Cadência reads, typed and
 * checked, so a bad value stops the cold start with an error naming the variable instead of failing the first
 * invocation that happens to read it. The template's Globals set most of these; defaults are production values.
 * Variable names are spelled here and, for tables and queues (also read by the local runner), in
 * {@link RuntimeConfig}; queue URLs by category stay there because any category's queue may be looked up.
 */
public record FunctionSettings(Tables tables, Optional<String> category, Duration runRetention, Runs runs, Endpoint endpoint,
                               Caches caches, Sending sending, int ingestParallelism, HubSoftConfig hubsoft,
                               String metricsNamespace, Keys keys) {

    /** The four DynamoDB tables (TENANTS_TABLE, WORK_TABLE, RUNS_TABLE, SHARED_TABLE). */
    public record Tables(String tenants, String work, String runs, String shared) {
    }

    /**
     * Tenant runs: RUN_LEASE, how long a claim is held; WORK_MAX_ATTEMPTS, deliveries before the dead-letter queue;
     * WORK_RETRY_BASE / WORK_RETRY_MAX, the growing delay between deliveries.
     */
    public record Runs(Duration lease, int maxAttempts, Duration retryBase, Duration retryMax) {
    }

    /** Tenant endpoint calls: ENDPOINT_TIMEOUT, ENDPOINT_MAX_RETRIES and ENDPOINT_FIRST_BACKOFF within one delivery. */
    public record Endpoint(Duration timeout, int maxRetries, Duration firstBackoff) {
    }

    /** Per-container caches: TENANT_CACHE_TTL, SECRET_CACHE_TTL (secret values: tenant keys, opened). */
    public record Caches(Duration tenants, Duration secrets) {
    }

    /**
     * Tenants' static keys, envelope-encrypted in the tenants table: TENANT_KEYS_KMS_KEY, the KMS key that wraps new
     * data keys (only functions that save keys need it: Decrypt finds the key in the wrapped data key itself), and
     * DATA_KEY_CACHE_TTL, how long a container keeps a data key in plain (one KMS call per TTL, not one per read).
     */
    public record Keys(Optional<String> kmsKey, Duration dataKeyTtl) {
    }

    /**
     * Reminder sending: BILLING_STUCK_AFTER, BILLING_RETRY_BASE, BILLING_RETRY_MAX, BILLING_SEND_MIN_GAP,
     * BILLING_SEND_MAX_GAP, BILLING_UNCONFIRMED_GIVE_UP, EVOLUTION_REQUEST_TIMEOUT, EVOLUTION_TYPING_DELAY,
     * EVOLUTION_BREAKER_FAILURES, EVOLUTION_BREAKER_OPEN.
     */
    public record Sending(Duration stuckAfter, Duration retryBase, Duration retryMax, Duration minGap, Duration maxGap,
                          Duration unconfirmedGiveUp, Duration requestTimeout, Duration typingDelay, int breakerFailures,
                          Duration breakerOpen) {
    }

    public static FunctionSettings from(RuntimeConfig env) {
        Tables tables = new Tables(env.tenantsTable(), env.workTable(), env.runsTable(), env.sharedTable());
        Optional<String> category = env.optional("CATEGORY");
        // A dispatcher or worker cannot do anything without its category's queues: checked now, not at the first tick.
        category.ifPresent(c -> {
            env.queueUrl(c);
            env.deadLetterUrl(c);
        });
        Runs runs = new Runs(positive(env, "RUN_LEASE", Duration.ofMinutes(5)), integer(env, "WORK_MAX_ATTEMPTS", 5, 1, 999),
                positive(env, "WORK_RETRY_BASE", Duration.ofSeconds(30)), positive(env, "WORK_RETRY_MAX", Duration.ofMinutes(15)));
        atLeast("WORK_RETRY_MAX", runs.retryMax(), "WORK_RETRY_BASE", runs.retryBase());
        Endpoint endpoint = new Endpoint(positive(env, "ENDPOINT_TIMEOUT", Duration.ofSeconds(10)),
                integer(env, "ENDPOINT_MAX_RETRIES", 2, 0, 10), positive(env, "ENDPOINT_FIRST_BACKOFF", Duration.ofMillis(200)));
        Caches caches = new Caches(notNegative(env, "TENANT_CACHE_TTL", Duration.ofSeconds(30)),
                notNegative(env, "SECRET_CACHE_TTL", Duration.ofMinutes(5)));
        Sending sending = new Sending(positive(env, "BILLING_STUCK_AFTER", Duration.ofHours(1)),
                positive(env, "BILLING_RETRY_BASE", Duration.ofMinutes(1)), positive(env, "BILLING_RETRY_MAX", Duration.ofHours(1)),
                notNegative(env, "BILLING_SEND_MIN_GAP", Duration.ofSeconds(1)), notNegative(env, "BILLING_SEND_MAX_GAP", Duration.ofSeconds(3)),
                positive(env, "BILLING_UNCONFIRMED_GIVE_UP", Duration.ofDays(1)),
                positive(env, "EVOLUTION_REQUEST_TIMEOUT", Duration.ofSeconds(10)),
                notNegative(env, "EVOLUTION_TYPING_DELAY", Duration.ofMillis(1200)),
                integer(env, "EVOLUTION_BREAKER_FAILURES", 5, 1, 1000), positive(env, "EVOLUTION_BREAKER_OPEN", Duration.ofMinutes(1)));
        atLeast("BILLING_RETRY_MAX", sending.retryMax(), "BILLING_RETRY_BASE", sending.retryBase());
        atLeast("BILLING_SEND_MAX_GAP", sending.maxGap(), "BILLING_SEND_MIN_GAP", sending.minGap());
        if (sending.requestTimeout().compareTo(sending.typingDelay()) <= 0) {
            throw new IllegalStateException("environment variable EVOLUTION_REQUEST_TIMEOUT value '" + sending.requestTimeout()
                    + "' must exceed EVOLUTION_TYPING_DELAY '" + sending.typingDelay() + "': the gateway answers after the typing delay");
        }
        HubSoftConfig hubsoft;
        try {
            hubsoft = HubSoftConfig.from(env);
        } catch (RuntimeException e) {
            throw new IllegalStateException("HubSoft environment (HUBSOFT_*): " + e.getMessage(), e);
        }
        return new FunctionSettings(tables, category, Duration.ofDays(integer(env, "RUN_RETENTION_DAYS", 30, 1, 3650)),
                runs, endpoint, caches, sending, integer(env, "INGEST_PARALLELISM", 8, 1, 64), hubsoft,
                env.optional("POWERTOOLS_METRICS_NAMESPACE").orElse("Cadencia"),
                new Keys(env.optional("TENANT_KEYS_KMS_KEY"), positive(env, "DATA_KEY_CACHE_TTL", Duration.ofHours(1))));
    }

    private static Duration positive(RuntimeConfig env, String name, Duration fallback) {
        Duration value = env.duration(name, fallback);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalStateException("environment variable " + name + " value '" + value + "' must be more than zero");
        }
        return value;
    }

    private static Duration notNegative(RuntimeConfig env, String name, Duration fallback) {
        Duration value = env.duration(name, fallback);
        if (value.isNegative()) {
            throw new IllegalStateException("environment variable " + name + " value '" + value + "' must not be negative");
        }
        return value;
    }

    private static int integer(RuntimeConfig env, String name, int fallback, int min, int max) {
        int value = env.integer(name, fallback);
        if (value < min || value > max) {
            throw new IllegalStateException("environment variable " + name + " value '" + value + "' must be from " + min + " to " + max);
        }
        return value;
    }

    private static void atLeast(String name, Duration value, String otherName, Duration other) {
        if (value.compareTo(other) < 0) {
            throw new IllegalStateException("environment variable " + name + " value '" + value + "' must not be below "
                    + otherName + " '" + other + "'");
        }
    }
}
