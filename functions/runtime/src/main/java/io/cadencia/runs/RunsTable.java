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
 * Both are in the {@code byJob} index: {@code jobPk=<job>, jobSk=<scheduledTime>#<tenantId>} for a run,
 * {@code <scheduledTime>#_dispatch} for a dispatch record. Tenant ids cannot start with '_' (TenantId), so a
 * dispatch record never shares a partition with a tenant's runs.
 */
final class RunsTable {

    private static final String DISPATCH_PREFIX = "_dispatch#";
    private static final String RUN_PREFIX = "RUN#";
    private static final String INGEST_PREFIX = "INGEST#";
    private static final String REFUSED_PREFIX = "INGEST_REFUSED#";
    private static final String MANUAL_SUFFIX = "#" + Trigger.MANUAL.wire();

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
        return Map.of("jobPk", Attr.s(tick.job()), "jobSk", Attr.s(tick.scheduledTime() + "#_dispatch"));
    }

    static Map<String, AttributeValue> byJobIndex(RunId run) {
        return Map.of("jobPk", Attr.s(run.job()), "jobSk", Attr.s(run.scheduledTime() + "#" + run.tenant()));
    }

    /** Runs and dispatch records of a job, newest first. */
    QueryRequest byJob(String job, int limit) {
        return QueryRequest.builder().tableName(table).indexName("byJob")
                .keyConditionExpression("jobPk = :j").expressionAttributeValues(Map.of(":j", Attr.s(job)))
                .scanIndexForward(false).limit(limit).build();
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
