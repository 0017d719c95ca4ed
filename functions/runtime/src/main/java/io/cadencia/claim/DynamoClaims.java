package io.cadencia.claim;

import io.cadencia.aws.Attr;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Optimistic claims on DynamoDB items: one conditional UpdateItem moves an item from a claimable status to the
 * in-progress status with a lease owner, a lease expiry and version + 1. Exactly one of any number of concurrent
 * callers wins; a lease that expired (its holder crashed) can be claimed again.
 *
 * <p>Item attributes: {@code status}, {@code leaseOwner}, {@code leaseUntil} (epoch millis), {@code version}.
 */
public final class DynamoClaims {

    private final DynamoDbClient dynamo;

    public DynamoClaims(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /**
     * @param spec          which item, which statuses may be claimed, whether a missing item may be created
     * @param setOnClaim    attributes written together with the claim (must not use the reserved names above)
     */
    public Claim claim(ClaimSpec spec, String owner, Instant now, Duration lease, Map<String, AttributeValue> setOnClaim) {
        Instant until = now.plus(lease);
        Map<String, String> names = new HashMap<>(Map.of("#status", "status"));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":inProgress", Attr.s(spec.inProgressStatus()));
        values.put(":owner", Attr.s(owner));
        values.put(":until", Attr.n(until.toEpochMilli()));
        values.put(":now", Attr.n(now.toEpochMilli()));
        values.put(":zero", Attr.n(0));
        values.put(":one", Attr.n(1));
        StringBuilder update = new StringBuilder("SET #status = :inProgress, leaseOwner = :owner, leaseUntil = :until, "
                + "version = if_not_exists(version, :zero) + :one, attempts = if_not_exists(attempts, :zero) + :one");
        Attr.appendSets(update, setOnClaim, names, values);
        StringBuilder condition = new StringBuilder("(#status = :inProgress AND leaseUntil < :now)");
        if (spec.createIfAbsent()) {
            // DynamoDB rejects expression names the expressions do not use, so #pk exists only with this clause.
            names.put("#pk", "pk");
            condition.append(" OR attribute_not_exists(#pk)");
        }
        int c = 0;
        for (String status : spec.claimableStatuses()) {
            values.put(":c" + c, Attr.s(status));
            condition.append(" OR #status = :c").append(c++);
        }
        try {
            Map<String, AttributeValue> after = dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(spec.table())
                    .key(spec.key())
                    .updateExpression(update.toString())
                    .conditionExpression(condition.toString())
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues("UPDATED_NEW")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build()).attributes();
            return new Claim.Claimed(owner, until, Attr.num(after, "version", 1), (int) Attr.num(after, "attempts", 1));
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> current = e.hasItem() ? e.item() : Map.of();
            return refused(spec, current);
        }
    }

    private static Claim refused(ClaimSpec spec, Map<String, AttributeValue> current) {
        String status = Attr.str(current, "status");
        if (status == null) {
            return new Claim.Finished("missing");
        }
        if (status.equals(spec.inProgressStatus())) {
            return new Claim.Held(Attr.str(current, "leaseOwner"), Instant.ofEpochMilli(Attr.num(current, "leaseUntil", 0)));
        }
        return new Claim.Finished(status);
    }

    /**
     * Ends a claim: sets the final status and attributes, only if {@code owner} still holds the lease at
     * {@code version}. Returns false when the claim was lost (lease expired and taken, or the item was cancelled).
     */
    public boolean release(ClaimSpec spec, String owner, long version, String finalStatus, Map<String, AttributeValue> set,
                           List<String> remove) {
        Map<String, String> names = new HashMap<>(Map.of("#status", "status"));
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        values.put(":final", Attr.s(finalStatus));
        values.put(":owner", Attr.s(owner));
        values.put(":inProgress", Attr.s(spec.inProgressStatus()));
        values.put(":version", Attr.n(version));
        StringBuilder update = new StringBuilder("SET #status = :final");
        int i = Attr.appendSets(update, set, names, values);
        update.append(" REMOVE leaseOwner, leaseUntil");
        for (String attribute : remove) {
            names.put("#r" + i, attribute);
            update.append(", #r").append(i++);
        }
        try {
            dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(spec.table())
                    .key(spec.key())
                    .updateExpression(update.toString())
                    .conditionExpression("#status = :inProgress AND leaseOwner = :owner AND version = :version")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * @param claimableStatuses statuses from which a claim may start (besides an expired in-progress lease)
     */
    public record ClaimSpec(String table, Map<String, AttributeValue> key, boolean createIfAbsent,
                            List<String> claimableStatuses, String inProgressStatus) {
    }
}
