package io.cadencia.ratelimit;

import io.cadencia.aws.Attr;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Token buckets shared by every Lambda: each bucket is one item, read consistently and written back with a
 * conditional write on its version, so two Lambdas can never both spend the same token. The arithmetic is the
 * caller's ({@link TokenBucket}); the item's key is the table owner's.
 */
public final class DynamoTokenBuckets {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoTokenBuckets(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /**
     * One take: the rule's decision on the bucket as stored (or {@code full} when there is none yet), written back
     * when granted. A write lost to another Lambda is decided again on the bucket it left, so the answer is never
     * based on a stale read.
     */
    public Decision take(Map<String, AttributeValue> key, Function<Instant, Bucket> full, BiFunction<Bucket, Instant, Decision> rule) {
        while (true) {
            Instant now = clock.instant();
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
            boolean exists = item != null && !item.isEmpty();
            long version = exists ? Attr.num(item, "version", 0) : 0;
            Bucket bucket = exists
                    ? new Bucket(Double.parseDouble(item.get("tokens").n()), Instant.ofEpochMilli(Attr.num(item, "refilledAt", 0)))
                    : full.apply(now);
            Decision decision = rule.apply(bucket, now);
            if (!decision.granted() || write(key, decision.bucket(), exists, version, now)) {
                return decision;
            }
        }
    }

    private boolean write(Map<String, AttributeValue> key, Bucket bucket, boolean exists, long version, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("tokens", AttributeValue.fromN(Double.toString(bucket.tokens())));
        item.put("refilledAt", Attr.n(bucket.refilledAt().toEpochMilli()));
        item.put("version", Attr.n(version + 1));
        // An idle bucket is full again within minutes; the item only has to outlive activity (where the table has TTL).
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
