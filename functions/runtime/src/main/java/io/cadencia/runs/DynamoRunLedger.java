package io.cadencia.runs;

import io.cadencia.alerts.DynamoIncidents;
import io.cadencia.alerts.IncidentStore;
import io.cadencia.alerts.RunHistory;
import io.cadencia.aws.Attr;
import io.cadencia.claim.Claim;
import io.cadencia.claim.DynamoClaims;
import io.cadencia.dispatch.CatchUpTotals;
import io.cadencia.dispatch.RunId;
import io.cadencia.dispatch.Trigger;
import io.cadencia.work.RunLedger;
import io.cadencia.work.RunRecord;
import io.cadencia.work.RunStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Execution log in the runs table (keys: {@link RunsTable}), queryable by tenant and by job. Every record expires
 * after the retention period (TTL). It is also the history seed 002's alerts are judged from.
 */
public final class DynamoRunLedger implements RunLedger, RunHistory {

    /** What a tick's dispatch record says when the tick ran: it found the tenants (or none), or the job paused. */
    private static final List<String> RAN = List.of("dispatched", "no_tenants", "paused");
    private static final int TICKS_PER_PAGE = 50;

    private final DynamoDbClient dynamo;
    private final DynamoClaims claims;
    private final RunsTable table;
    private final Duration retention;

    public DynamoRunLedger(DynamoDbClient dynamo, DynamoClaims claims, String table, Duration retention) {
        this.dynamo = dynamo;
        this.claims = claims;
        this.table = new RunsTable(table);
        this.retention = retention;
    }

    @Override
    public Claim claim(RunId key, String category, String owner, Instant now, Duration lease) {
        return claims.claim(table.runClaim(key), owner, now, lease, identity(key, category, now, now));
    }

    /** What identifies a run and makes it queryable by tenant and by job. */
    private Map<String, AttributeValue> identity(RunId key, String category, Instant startedAt, Instant now) {
        Map<String, AttributeValue> set = new HashMap<>(RunsTable.byJobIndex(key));
        set.put("kind", Attr.s("run"));
        set.put("job", Attr.s(key.job()));
        set.put("category", Attr.s(category));
        set.put("tenantId", Attr.s(key.tenant().value()));
        set.put("scheduledTime", Attr.s(key.scheduledTime().toString()));
        set.put("trigger", Attr.s(key.trigger().wire()));
        set.put("startedAt", Attr.s(startedAt.toString()));
        set.put("expiresAt", Attr.expiresAt(now.plus(retention)));
        return set;
    }

    private static Map<String, AttributeValue> outcome(RunRecord record) {
        Map<String, AttributeValue> set = new HashMap<>();
        set.put("result", Attr.s(record.result()));
        set.put("endedAt", Attr.s(record.endedAt().toString()));
        set.put("processed", Attr.n(record.processed()));
        set.put("succeeded", Attr.n(record.succeeded()));
        set.put("failedCount", Attr.n(record.failed()));
        if (record.detail() != null) {
            set.put("detail", Attr.s(record.detail()));
        }
        return set;
    }

    @Override
    public boolean record(RunId key, RunRecord record, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(table.runClaim(key).key());
        item.putAll(identity(key, record.category(), record.startedAt(), now));
        item.putAll(outcome(record));
        item.put("status", Attr.s(RunStatus.afterRun(record.result()).wire()));
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR #status = :failed")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":failed", Attr.s(RunStatus.FAILED.wire()))).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean finish(RunId key, Claim.Claimed claim, RunRecord record) {
        Map<String, AttributeValue> set = outcome(record);
        // A failed run stays claimable, so the redelivered message runs it again.
        return claims.release(table.runClaim(key), claim.owner(), claim.version(), RunStatus.afterRun(record.result()).wire(), set, List.of());
    }

    /** Each shard's newest {@code limit}, merged: the job's newest {@code limit} are among them. */
    @Override
    public List<RunRecord> byJob(String job, int limit) {
        return table.byJob(job, limit).stream().flatMap(request -> items(request).stream())
                .sorted(Comparator.comparing((Map<String, AttributeValue> item) -> Attr.str(item, RunsTable.BY_JOB_SORT_KEY)).reversed())
                .limit(limit).map(DynamoRunLedger::toRecord).toList();
    }

    @Override
    public List<RunRecord> byTenant(String tenantId, int limit) {
        return query(table.runsOf(tenantId, limit));
    }

    @Override
    public Optional<RunRecord> lastDispatch(String job) {
        return query(table.dispatchesOf(job, 1, true)).stream().findFirst();
    }

    @Override
    public List<RunRecord> tenantRunsSince(String tenantId, Instant since) {
        List<RunRecord> runs = new ArrayList<>();
        dynamo.queryPaginator(table.runsOfSince(tenantId, since)).items().forEach(item -> runs.add(toRecord(item)));
        return runs;
    }

    @Override
    public Optional<Instant> lastTickRan(String job, Instant notBefore) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":schedule", Attr.s(Trigger.SCHEDULE.wire())));
        String ran = Attr.in(":r", RAN, values);
        QueryRequest since = table.dispatchesSince(job, notBefore, TICKS_PER_PAGE);
        values.putAll(since.expressionAttributeValues());
        QueryRequest request = since.toBuilder().filterExpression("#result IN " + ran + " AND #trigger = :schedule")
                .expressionAttributeNames(Map.of("#result", "result", "#trigger", "trigger")).expressionAttributeValues(values).build();
        // Newest first, so the first tick found is the answer; a job that ran recently is answered by the first page.
        return dynamo.queryPaginator(request).items().stream().findFirst().map(item -> Attr.instant(item, "scheduledTime"));
    }

    @Override
    public Optional<Instant> firstTickRecorded(String job) {
        return query(table.dispatchesOf(job, 1, false)).stream().findFirst().map(RunRecord::scheduledTime);
    }

    /** The operators' incidents, in this table beside the tick ledger they are judged from. */
    public IncidentStore operationsIncidents() {
        return new DynamoIncidents(new DynamoIncidents.Partition() {
            @Override
            public Map<String, AttributeValue> key(String sk) {
                return table.operationsKey(sk);
            }

            @Override
            public Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
                Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table.name()).key(key).consistentRead(true)).item();
                return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
            }

            @Override
            public void update(UpdateItemRequest request) {
                dynamo.updateItem(request.toBuilder().tableName(table.name()).build());
            }

            @Override
            public List<Map<String, AttributeValue>> query(String prefix) {
                List<Map<String, AttributeValue>> items = new ArrayList<>();
                dynamo.queryPaginator(table.operationsItems(prefix)).items().forEach(items::add);
                return items;
            }
        }, RunsTable.ALERTS, (alert, job) -> RunsTable.ALERTS + alert.wire() + "#" + job);
    }

    @Override
    public Map<String, CatchUpTotals> catchUpTotals() {
        Map<String, CatchUpTotals> totals = new HashMap<>();
        dynamo.queryPaginator(table.catchUpTotals()).items().forEach(item -> totals.put(Attr.str(item, "sk"), new CatchUpTotals(
                Attr.num(item, "missedTicks", 0), Attr.num(item, "caughtUp", 0), Attr.instant(item, "lastTick"),
                (int) Attr.num(item, "lastMissed", 0), (int) Attr.num(item, "lastCaughtUp", 0))));
        return totals;
    }

    /** Newest first, across result pages, up to the request's limit. */
    private List<RunRecord> query(QueryRequest request) {
        return items(request).stream().map(DynamoRunLedger::toRecord).toList();
    }

    private List<Map<String, AttributeValue>> items(QueryRequest request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        int limit = request.limit();
        Map<String, AttributeValue> start = null;
        do {
            var page = dynamo.query(request.toBuilder().exclusiveStartKey(start).limit(Math.min(limit - items.size(), 1000)).build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && items.size() < limit);
        return items;
    }

    private static RunRecord toRecord(Map<String, AttributeValue> item) {
        String result = Attr.str(item, "result");
        if (result == null) {
            result = Attr.str(item, "status");
        }
        String tenant = "dispatch".equals(Attr.str(item, "kind")) ? null : Attr.str(item, "tenantId");
        String trigger = Attr.str(item, "trigger");
        int processed = (int) Attr.num(item, "processed", Attr.num(item, "messages", 0));
        return new RunRecord(Attr.str(item, "job"), Attr.str(item, "category"), tenant, Attr.instant(item, "scheduledTime"),
                trigger == null ? null : Trigger.fromWire(trigger), Attr.instant(item, "startedAt"), Attr.instant(item, "endedAt"), result,
                processed, (int) Attr.num(item, "succeeded", processed), (int) Attr.num(item, "failedCount", 0),
                Attr.str(item, "detail"));
    }
}
