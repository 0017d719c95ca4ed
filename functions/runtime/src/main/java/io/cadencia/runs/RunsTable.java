package io.cadencia.runs;

import io.cadencia.aws.Attr;
import io.cadencia.claim.DynamoClaims.ClaimSpec;
import io.cadencia.dispatch.RunId;
import io.cadencia.dispatch.Tick;
import io.cadencia.dispatch.Trigger;
import io.cadencia.work.RunStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The runs table's key schema, the only place it is written. Two kinds of item, both claims (see DynamoClaims):
 * <ul>
 *   <li>a tick's dispatch record {@code pk=_dispatch#<job>, sk=<scheduledTime>[#manual[#<tenant>]]}: a run-now
 *       is keyed apart from the schedule's own tick at the same instant, and a run-now for one tenant from one
 *       for all;</li>
 *   <li>a tenant's run {@code pk=<tenantId>, sk=RUN#<scheduledTime>#<job>[#manual]}, queryable by tenant;</li>
 *   <li>an accepted ingest call {@code pk=<tenantId>, sk=INGEST#<time>#<callId>}, and the refusals of one key
 *       prefix {@code pk=<tenantId>, sk=INGEST_REFUSED#<keyPrefix>} (counters, no bodies); neither is a claim nor in
 *       {@code byJob}.</li>
 * </ul>
 * An operator's backfill of a past fire time is a dispatch record of its own partition,
 * {@code pk=_backfill#<job>, sk=<scheduledTime>[#<tenant>]}, so a job's scheduled ticks stay the newest items of
 * theirs (the catch-up reads the newest) and its runs are {@code RUN#<scheduledTime>#<job>#backfill}. Each job's
 * catch-up totals are one item {@code pk=_catchup, sk=<job>}, so status reads every job's in one query.
 *
 * <p>Runs and dispatch records are in the {@code byJob} index: {@code jobPk=<job>#<shard>, jobSk=<scheduledTime>#<tenantId>}
 * for a run, {@code <scheduledTime>#_dispatch} for a dispatch record. Tenant ids cannot start with '_' (TenantId),
 * so a system record never shares a partition with a tenant's runs.
 *
 * <p>The operators' incidents (seed 002's missed-run alert, one per job) live beside the ledger they are judged from,
 * under {@code pk=_alerts, sk=ALERT#<alert>#<job>}, without TTL.
 *
 * <p>A tick of a job writes one run per tenant, two writes each (claim, outcome): at 10,000 tenants, as fast as the
 * workers go, which under one index key would exceed a partition's 1,000 write units a second and throttle the
 * claims themselves (an index that cannot keep up throttles its table's writes). So a job's runs are spread over
 * {@value #BY_JOB_SHARDS} index keys by tenant, and readers query every shard and merge (docs/capacity.md). Records
 * written before the shards carry {@code jobPk=<job>}: readers still query that key, until they expire (TTL).
 */
final class RunsTable {

    private static final String DISPATCH_PREFIX = "_dispatch#";
    private static final String BACKFILL_PREFIX = "_backfill#";
    private static final String CATCH_UP = "_catchup";
    private static final String RUN_PREFIX = "RUN#";
    private static final String ALERTS_PARTITION = "_alerts";
    static final String ALERTS = "ALERT#";
    /** Sorts after every character of a time or a job name. */
    private static final String AFTER = "~";
    private static final String INGEST_PREFIX = "INGEST#";
    private static final String REFUSED_PREFIX = "INGEST_REFUSED#";

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
        String forTenant = tick.onlyTenant().map(t -> "#" + t).orElse("");
        return claim(switch (tick.trigger()) {
            case SCHEDULE -> Attr.key(DISPATCH_PREFIX + tick.job(), tick.scheduledTime().toString());
            case MANUAL -> Attr.key(DISPATCH_PREFIX + tick.job(), tick.scheduledTime() + "#" + Trigger.MANUAL.wire() + forTenant);
            case BACKFILL -> Attr.key(BACKFILL_PREFIX + tick.job(), tick.scheduledTime() + forTenant);
        });
    }

    ClaimSpec runClaim(RunId run) {
        String sk = RUN_PREFIX + run.scheduledTime() + "#" + run.job() + (run.trigger() == Trigger.SCHEDULE ? "" : "#" + run.trigger().wire());
        return claim(Attr.key(run.tenant().value(), sk));
    }

    /** The job's catch-up totals. */
    static Map<String, AttributeValue> catchUpTotals(String job) {
        return Attr.key(CATCH_UP, job);
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

    /** A job's dispatch records, newest first (oldest first when {@code newestFirst} is false). */
    QueryRequest dispatchesOf(String job, int limit, boolean newestFirst) {
        return QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", Attr.s(DISPATCH_PREFIX + job)))
                .scanIndexForward(!newestFirst).limit(limit).build();
    }

    /** A job's dispatch records of ticks at or after {@code notBefore}, newest first, {@code page} per page. */
    QueryRequest dispatchesSince(String job, Instant notBefore, int page) {
        return QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :p AND sk >= :from")
                .expressionAttributeValues(Map.of(":p", Attr.s(DISPATCH_PREFIX + job), ":from", Attr.s(second(notBefore))))
                .scanIndexForward(false).limit(page).build();
    }

    /** A tenant's runs of ticks at or after {@code since}. */
    QueryRequest runsOfSince(String tenantId, Instant since) {
        return QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :t AND sk BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":t", Attr.s(tenantId), ":from", Attr.s(RUN_PREFIX + second(since)),
                        ":to", Attr.s(RUN_PREFIX + AFTER))).build();
    }

    /** An item of the operators' partition. */
    Map<String, AttributeValue> operationsKey(String sk) {
        return Attr.key(ALERTS_PARTITION, sk);
    }

    /** The operators' items whose sort key begins with {@code prefix}. */
    QueryRequest operationsItems(String prefix) {
        return QueryRequest.builder().tableName(table).keyConditionExpression("pk = :p AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":p", Attr.s(ALERTS_PARTITION), ":prefix", Attr.s(prefix))).build();
    }

    /** Ticks and runs are keyed to the second, as {@link Tick} and {@link RunId} keep them. */
    private static String second(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * A job's scheduled ticks' dispatch records before {@code before}, newest first, read consistently (a claim just
     * made is seen). The limit counts the records read, run-nows among them, before the filter drops those.
     */
    QueryRequest scheduledTicksBefore(String job, Instant before, int limit) {
        return QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :p AND sk < :before").filterExpression("#trigger = :schedule")
                .expressionAttributeNames(Map.of("#trigger", "trigger", "#status", "status"))
                .expressionAttributeValues(Map.of(":p", Attr.s(DISPATCH_PREFIX + job), ":before", Attr.s(before.toString()),
                        ":schedule", Attr.s(Trigger.SCHEDULE.wire())))
                .projectionExpression("scheduledTime, #status")
                .scanIndexForward(false).limit(limit).build();
    }

    /** Every job's catch-up totals. */
    QueryRequest catchUpTotals() {
        return QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", Attr.s(CATCH_UP))).build();
    }

    static Map<String, AttributeValue> ingestCall(String tenantId, Instant at, String callId) {
        return Attr.key(tenantId, INGEST_PREFIX + at + "#" + callId);
    }

    static Map<String, AttributeValue> ingestRefusals(String tenantId, String keyPrefix) {
        return Attr.key(tenantId, REFUSED_PREFIX + keyPrefix);
    }

    /** A tenant's accepted ingest calls, newest first. */
    QueryRequest ingestCallsOf(String tenantId, int limit) {
        return prefixed(tenantId, INGEST_PREFIX).scanIndexForward(false).limit(limit).build();
    }

    /** A tenant's refusal counters, one per key prefix. */
    QueryRequest ingestRefusalsOf(String tenantId) {
        return prefixed(tenantId, REFUSED_PREFIX).build();
    }

    private QueryRequest.Builder prefixed(String tenantId, String prefix) {
        return QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :t AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":t", Attr.s(tenantId), ":p", Attr.s(prefix)));
    }
}
