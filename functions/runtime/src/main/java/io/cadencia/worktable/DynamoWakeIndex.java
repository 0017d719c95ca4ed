package io.cadencia.worktable;

import io.cadencia.aws.Attr;
import io.cadencia.dispatch.DispatchPorts;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tenants woken for a job at a tick: one query of the sparse index {@value WorkTable#WAKE_INDEX} per shard,
 * reading keys only. The index is eventually consistent: a wake written a moment before the tick may only be seen by
 * the next one, which is the promised bound (due at the latest on the tick after). Due-driven jobs' entries are
 * written by the billing code; tenant-time jobs' by {@link #schedule} and {@link #advance}.
 */
public final class DynamoWakeIndex implements DispatchPorts.WakeIndex {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Set<String> dueDriven;

    /** @param dueDriven the jobs that wake only tenants with something due */
    public DynamoWakeIndex(DynamoDbClient dynamo, String table, Set<String> dueDriven) {
        this.dynamo = dynamo;
        this.table = table;
        this.dueDriven = Set.copyOf(dueDriven);
    }

    @Override
    public boolean drives(String job) {
        return dueDriven.contains(job);
    }

    @Override
    public Optional<Set<String>> due(String job, Instant at) {
        if (!drives(job)) {
            return Optional.empty();
        }
        return Optional.of(wakes(job, at).keySet());
    }

    @Override
    public Map<String, Instant> wakes(String job, Instant at) {
        Map<String, Instant> tenants = new HashMap<>();
        for (int shard = 0; shard < WorkTable.WAKE_SHARDS; shard++) {
            dynamo.queryPaginator(QueryRequest.builder().tableName(table).indexName(WorkTable.WAKE_INDEX)
                            .keyConditionExpression("wakePk = :pk AND wakeSk <= :max")
                            .expressionAttributeValues(Map.of(":pk", Attr.s(WorkTable.wakePartition(job, shard)),
                                    ":max", Attr.s(WorkTable.Due.upTo(at)))).build())
                    .items().forEach(item -> tenants.put(Attr.str(item, "pk"), WorkTable.wakeTime(Attr.str(item, WorkTable.WAKE_SK))));
        }
        return tenants;
    }

    @Override
    public boolean advance(String job, String tenantId, Instant from, Instant to) {
        try {
            write(job, tenantId, to, "wakeSk = :from", Map.of(":from", Attr.s(WorkTable.wakeAt(job, tenantId, from).dueSk())));
            return true;
        } catch (ConditionalCheckFailedException movedMeanwhile) {
            return false;
        }
    }

    @Override
    public void schedule(String job, String tenantId, Instant slot, Instant now) {
        try {
            write(job, tenantId, slot, "attribute_not_exists(wakeSk) OR wakeSk > :due", Map.of(":due", Attr.s(WorkTable.Due.upTo(now))));
        } catch (ConditionalCheckFailedException dueAlready) {
            // Its slot has come and is not dispatched yet: the next tick runs it and advances it under the new settings.
        }
    }

    private void write(String job, String tenantId, Instant at, String condition, Map<String, AttributeValue> conditionValues) {
        WorkTable.DueKey wake = WorkTable.wakeAt(job, tenantId, at);
        Map<String, AttributeValue> values = new HashMap<>(conditionValues);
        values.put(":wpk", Attr.s(wake.duePk()));
        values.put(":wsk", Attr.s(wake.dueSk()));
        dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                .key(Map.of("pk", Attr.s(tenantId), "sk", Attr.s(WorkTable.wake(job))))
                .updateExpression("SET wakePk = :wpk, wakeSk = :wsk").conditionExpression(condition)
                .expressionAttributeValues(values).build());
    }
}
