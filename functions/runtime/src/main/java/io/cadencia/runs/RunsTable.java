package io.cadencia.runs;

import io.cadencia.aws.Attr;
import io.cadencia.claim.DynamoClaims.ClaimSpec;
import io.cadencia.dispatch.RunId;
import io.cadencia.dispatch.Tick;
import io.cadencia.dispatch.Trigger;
import io.cadencia.work.RunStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The runs table's key schema, the only place it is written. Two kinds of item, both claims (see DynamoClaims):
 * <ul>
 *   <li>a tick's dispatch record {@code pk=_dispatch#<job>, sk=<scheduledTime>[#manual[#<tenant>]]}: a run-now
 *       is keyed apart from the schedule's own tick at the same instant, and a run-now for one tenant from one
 *       for all;</li>
 *   <li>a tenant's run {@code pk=<tenantId>, sk=RUN#<scheduledTime>#<job>[#manual]}, queryable by tenant.</li>
 * </ul>
 * Both are in the {@code byJob} index: {@code jobPk=<job>#<shard>, jobSk=<scheduledTime>#<tenantId>} for a run,
 * {@code <scheduledTime>#_dispatch} for a dispatch record. Tenant ids cannot start with '_' (TenantId), so a
 * dispatch record never shares a partition with a tenant's runs.
 *
 * <p>A tick of a job writes one run per tenant, two writes each (claim, outcome): at 10,000 tenants, as fast as the
 * workers go, which under one index key would exceed a partition's 1,000 write units a second and throttle the
 * claims themselves (an index that cannot keep up throttles its table's writes). So a job's runs are spread over
 * {@value #BY_JOB_SHARDS} index keys by tenant, and readers query every shard and merge (docs/capacity.md). Records
 * written before the shards carry {@code jobPk=<job>}: readers still query that key, until they expire (TTL).
 */
final class RunsTable {

    private static final String DISPATCH_PREFIX = "_dispatch#";
    private static final String RUN_PREFIX = "RUN#";
    private static final String MANUAL_SUFFIX = "#" + Trigger.MANUAL.wire();

    /** Index keys per job; why this many: docs/capacity.md. Changing it strands records under the old keys until TTL. */
    static final int BY_JOB_SHARDS = 16;
    private static final String BY_JOB = "byJob";
    private static final String BY_JOB_PARTITION_KEY = "jobPk";
    /** The byJob index's sort key: what orders a job's records across shards. */
    static final String BY_JOB_SORT_KEY = "jobSk";
    private static final String DISPATCH_SHARD = "_dispatch";

    private final String table;

    RunsTable(String table) {
        this.table = table;
    }

    String name() {
        return table;
    }

    ClaimSpec tickClaim(Tick tick) {
        String sk = tick.scheduledTime() + (tick.trigger() == Trigger.MANUAL
                ? MANUAL_SUFFIX + tick.onlyTenant().map(t -> "#" + t).orElse("") : "");
        return claim(Attr.key(DISPATCH_PREFIX + tick.job(), sk));
    }

    ClaimSpec runClaim(RunId run) {
        String sk = RUN_PREFIX + run.scheduledTime() + "#" + run.job() + (run.trigger() == Trigger.MANUAL ? MANUAL_SUFFIX : "");
        return claim(Attr.key(run.tenant().value(), sk));
    }

    /** A failed record stays claimable, so the retried tick or redelivered message runs again. */
    private ClaimSpec claim(Map<String, AttributeValue> key) {
        return new ClaimSpec(table, key, true, List.of(RunStatus.FAILED.wire()), RunStatus.IN_PROGRESS.wire());
    }

    static Map<String, AttributeValue> byJobIndex(Tick tick) {
        return byJobIndex(tick.job(), DISPATCH_SHARD, tick.scheduledTime() + "#" + DISPATCH_SHARD);
    }

    static Map<String, AttributeValue> byJobIndex(RunId run) {
        return byJobIndex(run.job(), run.tenant().value(), run.scheduledTime() + "#" + run.tenant());
    }

    /** String.hashCode is fixed by the language specification, so every container and version agrees on the shard. */
    private static Map<String, AttributeValue> byJobIndex(String job, String spreadBy, String sortKey) {
        return Map.of(BY_JOB_PARTITION_KEY, Attr.s(jobPartition(job, Math.floorMod(spreadBy.hashCode(), BY_JOB_SHARDS))),
                BY_JOB_SORT_KEY, Attr.s(sortKey));
    }

    private static String jobPartition(String job, int shard) {
        return job + "#" + String.format("%02d", shard);
    }

    /**
     * Runs and dispatch records of a job, newest first within each query: one query per shard, and one of the key
     * records had before the shards (they expire within the retention period; then that query finds nothing).
     * Merged by {@link #BY_JOB_SORT_KEY}, descending, they are the job's records newest first.
     */
    List<QueryRequest> byJob(String job, int limit) {
        List<String> partitions = new ArrayList<>();
        for (int shard = 0; shard < BY_JOB_SHARDS; shard++) {
            partitions.add(jobPartition(job, shard));
        }
        partitions.add(job);
        return partitions.stream().map(partition -> QueryRequest.builder().tableName(table).indexName(BY_JOB)
                .keyConditionExpression(BY_JOB_PARTITION_KEY + " = :j").expressionAttributeValues(Map.of(":j", Attr.s(partition)))
                .scanIndexForward(false).limit(limit).build()).toList();
    }

    /** A tenant's runs, newest first. */
    QueryRequest runsOf(String tenantId, int limit) {
        return QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :t AND begins_with(sk, :run)")
                .expressionAttributeValues(Map.of(":t", Attr.s(tenantId), ":run", Attr.s(RUN_PREFIX)))
                .scanIndexForward(false).limit(limit).build();
    }

    /** A job's dispatch records, newest first. */
    QueryRequest dispatchesOf(String job, int limit) {
        return QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", Attr.s(DISPATCH_PREFIX + job)))
                .scanIndexForward(false).limit(limit).build();
    }
}
