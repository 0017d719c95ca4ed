package io.cadencia.hubsoft;

import io.cadencia.aws.Attr;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A short exclusive lease on a SharedTable item: one conditional PutItem, won by exactly one of any number of
 * concurrent Lambdas. A holder that crashes loses it when {@code leaseUntil} passes.
 */
public final class DynamoLease {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoLease(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** @param key the lease's item (see {@link SharedTable}) */
    public boolean tryAcquire(Map<String, AttributeValue> key, String owner, Instant now, Duration lease) {
        Instant until = now.plus(lease);
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("leaseOwner", Attr.s(owner));
        item.put("leaseUntil", Attr.n(until.toEpochMilli()));
        item.put("expiresAt", Attr.expiresAt(until.plus(Duration.ofHours(1))));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR leaseUntil < :now")
                    .expressionAttributeValues(Map.of(":now", Attr.n(now.toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Gives the lease back early; does nothing if it was lost meanwhile. */
    public void release(Map<String, AttributeValue> key, String owner) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key)
                    .conditionExpression("leaseOwner = :owner")
                    .expressionAttributeValues(Map.of(":owner", Attr.s(owner))));
        } catch (ConditionalCheckFailedException lost) {
            // Someone else holds it now: theirs to release.
        }
    }
}
