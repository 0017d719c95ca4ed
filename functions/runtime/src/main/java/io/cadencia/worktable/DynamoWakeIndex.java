package io.cadencia.worktable;

import io.cadencia.aws.Attr;
import io.cadencia.dispatch.DispatchPorts;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tenants woken for a due-driven job at a tick: one query of the sparse index {@value WorkTable#WAKE_INDEX} per
 * shard, reading keys only. The index is eventually consistent: a wake written a moment before the tick may only be
 * seen by the next one, which is the promised bound (due at the latest on the tick after).
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
        Set<String> tenants = new HashSet<>();
        for (int shard = 0; shard < WorkTable.WAKE_SHARDS; shard++) {
            dynamo.queryPaginator(QueryRequest.builder().tableName(table).indexName(WorkTable.WAKE_INDEX)
                            .keyConditionExpression("wakePk = :pk AND wakeSk <= :max")
                            .expressionAttributeValues(Map.of(":pk", Attr.s(WorkTable.wakePartition(job, shard)),
                                    ":max", Attr.s(WorkTable.Due.upTo(at)))).build())
                    .items().forEach(item -> tenants.add(Attr.str(item, "pk")));
        }
        return Optional.of(tenants);
    }
}
