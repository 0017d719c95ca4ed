package io.cadencia.hubsoft;

import io.cadencia.ratelimit.Decision;
import io.cadencia.ratelimit.DynamoTokenBuckets;
import io.cadencia.observability.MetricsSink;
import io.cadencia.retry.Sleeper;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import io.cadencia.work.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The tenant's HubSoft request budget shared by every Lambda: a token bucket in SharedTable
 * ({@link SharedTable#rateBucket}) kept by {@link DynamoTokenBuckets}. The arithmetic is {@link RateLimitPolicy}'s.
 */
public final class DynamoRateLimiter {

    private final DynamoTokenBuckets buckets;
    private final RateLimitPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration maxWait;
    /** Kept back from a job's deadline for the HubSoft call made with the token. */
    private static final Duration CALL_RESERVE = Duration.ofSeconds(15);
    private final MetricsSink metrics;

    public DynamoRateLimiter(DynamoDbClient dynamo, String table, RateLimitPolicy policy, Clock clock, Sleeper sleeper,
                             Duration maxWait, MetricsSink metrics) {
        this.buckets = new DynamoTokenBuckets(dynamo, table, clock);
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxWait = maxWait;
        this.metrics = metrics;
    }

    /** Blocks until a token for {@code priority} is taken; throws when that would take longer than the max wait. */
    public void acquire(String tenantId, Priority priority) {
        // Never wait past the running job's deadline (less the call the token is for): the caller falls back instead.
        Duration maxWait = Deadline.boundedWait(this.maxWait, CALL_RESERVE);
        Instant deadline = clock.instant().plus(maxWait);
        Map<String, AttributeValue> key = SharedTable.rateBucket(tenantId);
        boolean waited = false;
        // Also bounded by the time slept: a clock that does not move while we sleep (a frozen simulated clock) must
        // not keep a request waiting forever.
        Duration slept = Duration.ZERO;
        while (true) {
            Instant now = clock.instant();
            Decision decision = buckets.take(key, policy::full, (bucket, at) -> policy.take(bucket, at, priority));
            if (decision.granted()) {
                if (waited) {
                    metrics.count("hubsoft.ratelimit.waited", Map.of("priority", priority.name()));
                }
                return;
            }
            if (now.plus(decision.retryIn()).isAfter(deadline) || slept.plus(decision.retryIn()).compareTo(maxWait) > 0) {
                metrics.count("hubsoft.ratelimit.rejected", Map.of("priority", priority.name()));
                throw new HubSoftUnavailableException("HubSoft rate limit for tenant " + tenantId + ": no " + priority
                        + " token within " + maxWait);
            }
            waited = true;
            try {
                sleeper.sleep(decision.retryIn());
                slept = slept.plus(decision.retryIn());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubSoftUnavailableException("interrupted waiting for a HubSoft rate limit token", e);
            }
        }
    }
}
