package io.cadencia.hubsoft;

import io.cadencia.aws.Attr;
import io.cadencia.observability.MetricsSink;
import io.cadencia.retry.Sleeper;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import io.cadencia.work.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The tenant's HubSoft request budget shared by every Lambda: a token bucket in SharedTable
 * ({@link SharedTable#rateBucket}) read consistently and written back with a conditional write on its
 * version, so two Lambdas can never both spend the same token. The arithmetic is {@link RateLimitPolicy}'s.
 */
public final class DynamoRateLimiter {

    private final DynamoDbClient dynamo;
    private final String table;
    private final RateLimitPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration maxWait;
    /** Kept back from a job's deadline for the HubSoft call made with the token. */
    private static final Duration CALL_RESERVE = Duration.ofSeconds(15);
    private final MetricsSink metrics;

    public DynamoRateLimiter(DynamoDbClient dynamo, String table, RateLimitPolicy policy, Clock clock, Sleeper sleeper,
                             Duration maxWait, MetricsSink metrics) {
        this.dynamo = dynamo;
        this.table = table;
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
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
            boolean exists = item != null && !item.isEmpty();
            long version = exists ? Attr.num(item, "version", 0) : 0;
            RateLimitPolicy.Bucket bucket = exists
                    ? new RateLimitPolicy.Bucket(Double.parseDouble(item.get("tokens").n()), Instant.ofEpochMilli(Attr.num(item, "refilledAt", 0)))
                    : policy.full(now);
            RateLimitPolicy.Decision decision = policy.take(bucket, now, priority);
            if (decision.granted()) {
                if (write(key, decision.bucket(), exists, version, now)) {
                    if (waited) {
                        metrics.count("hubsoft.ratelimit.waited", Map.of("priority", priority.name()));
                    }
                    return;
                }
                continue;
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

    private boolean write(Map<String, AttributeValue> key, RateLimitPolicy.Bucket bucket, boolean exists, long version, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("tokens", AttributeValue.fromN(Double.toString(bucket.tokens())));
        item.put("refilledAt", Attr.n(bucket.refilledAt().toEpochMilli()));
        item.put("version", Attr.n(version + 1));
        // An idle tenant's bucket is full again after a minute; the item only has to outlive activity.
        item.put("expiresAt", Attr.expiresAt(now.plus(Duration.ofDays(1))));
        try {
            dynamo.putItem(b -> {
                b.tableName(table).item(item);
                if (exists) {
                    b.conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", Attr.n(version)));
                } else {
                    b.conditionExpression("attribute_not_exists(pk)");
                }
            });
            return true;
        } catch (ConditionalCheckFailedException lostRace) {
            return false;
        }
    }
}
