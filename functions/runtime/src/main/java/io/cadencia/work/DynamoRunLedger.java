package io.cadencia.work;

import io.cadencia.aws.Attr;
import io.cadencia.claim.Claim;
import io.cadencia.claim.DynamoClaims;
import io.cadencia.claim.DynamoClaims.ClaimSpec;
import io.cadencia.dispatch.DynamoTickLedger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Execution log in the runs table. A tenant run is {@code pk=<tenantId>, sk=RUN#<scheduledTime>#<job>[#manual]}
 * (queryable by tenant); the {@code byJob} index ({@code jobPk=<job>, jobSk=<scheduledTime>#<tenantId>}) makes
 * it queryable by job. Every record expires after the retention period (TTL).
 */
public final class DynamoRunLedger implements RunLedger {

    private final DynamoDbClient dynamo;
    private final DynamoClaims claims;
    private final String table;
    private final Duration retention;

    public DynamoRunLedger(DynamoDbClient dynamo, DynamoClaims claims, String table, Duration retention) {
        this.dynamo = dynamo;
        this.claims = claims;
        this.table = table;
        this.retention = retention;
    }

    @Override
    public Claim claim(RunKey key, String category, String owner, Instant now, Duration lease) {
        return claims.claim(spec(key), owner, now, lease, identity(key, category, now, now));
    }

    /** What identifies a run and makes it queryable by tenant and by job. */
    private Map<String, AttributeValue> identity(RunKey key, String category, Instant startedAt, Instant now) {
        Map<String, AttributeValue> set = new HashMap<>();
        set.put("kind", Attr.s("run"));
        set.put("job", Attr.s(key.job()));
        set.put("category", Attr.s(category));
        set.put("tenantId", Attr.s(key.tenantId()));
        set.put("scheduledTime", Attr.s(key.scheduledTime().toString()));
        set.put("trigger", Attr.s(key.trigger()));
        set.put("startedAt", Attr.s(startedAt.toString()));
        set.put("jobPk", Attr.s(key.job()));
        set.put("jobSk", Attr.s(key.scheduledTime() + "#" + key.tenantId()));
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
    public boolean record(RunKey key, RunRecord record, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(spec(key).key());
        item.putAll(identity(key, record.category(), record.startedAt(), now));
        item.putAll(outcome(record));
        item.put("status", Attr.s(RunRecord.FAILED.equals(record.result()) ? RunRecord.FAILED : "done"));
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR #status = :failed")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":failed", Attr.s(RunRecord.FAILED))).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean finish(RunKey key, Claim.Claimed claim, RunRecord record) {
        Map<String, AttributeValue> set = outcome(record);
        // A failed run stays claimable, so the redelivered message runs it again.
        String status = RunRecord.FAILED.equals(record.result()) ? RunRecord.FAILED : "done";
        return claims.release(spec(key), claim.owner(), claim.version(), status, set, List.of());
    }

    @Override
    public List<RunRecord> byJob(String job, int limit) {
        return query(QueryRequest.builder().tableName(table).indexName("byJob")
                .keyConditionExpression("jobPk = :j").expressionAttributeValues(Map.of(":j", Attr.s(job)))
                .scanIndexForward(false).limit(limit).build());
    }

    @Override
    public List<RunRecord> byTenant(String tenantId, int limit) {
        return query(QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :t AND begins_with(sk, :run)")
                .expressionAttributeValues(Map.of(":t", Attr.s(tenantId), ":run", Attr.s("RUN#")))
                .scanIndexForward(false).limit(limit).build());
    }

    @Override
    public Optional<RunRecord> lastDispatch(String job) {
        return query(QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", Attr.s(DynamoTickLedger.PK_PREFIX + job)))
                .scanIndexForward(false).limit(1).build()).stream().findFirst();
    }

    /** Newest first, across result pages, up to the request's limit. */
    private List<RunRecord> query(QueryRequest request) {
        List<RunRecord> records = new ArrayList<>();
        int limit = request.limit();
        Map<String, AttributeValue> start = null;
        do {
            var page = dynamo.query(request.toBuilder().exclusiveStartKey(start).limit(Math.min(limit - records.size(), 1000)).build());
            page.items().forEach(item -> records.add(toRecord(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && records.size() < limit);
        return records;
    }

    private static RunRecord toRecord(Map<String, AttributeValue> item) {
        String result = Attr.str(item, "result");
        if (result == null) {
            result = Attr.str(item, "status");
        }
        String tenant = "dispatch".equals(Attr.str(item, "kind")) ? null : Attr.str(item, "tenantId");
        int processed = (int) Attr.num(item, "processed", Attr.num(item, "messages", 0));
        return new RunRecord(Attr.str(item, "job"), Attr.str(item, "category"), tenant, Attr.instant(item, "scheduledTime"),
                Attr.str(item, "trigger"), Attr.instant(item, "startedAt"), Attr.instant(item, "endedAt"), result,
                processed, (int) Attr.num(item, "succeeded", processed), (int) Attr.num(item, "failedCount", 0),
                Attr.str(item, "detail"));
    }

    private ClaimSpec spec(RunKey key) {
        String sk = "RUN#" + key.scheduledTime() + "#" + key.job() + ("manual".equals(key.trigger()) ? "#manual" : "");
        return new ClaimSpec(table, Attr.key(key.tenantId(), sk), true, List.of(RunRecord.FAILED), RunRecord.IN_PROGRESS);
    }
}
