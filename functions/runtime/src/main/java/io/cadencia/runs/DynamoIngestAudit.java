package io.cadencia.runs;

import io.cadencia.aws.Attr;
import io.cadencia.billing.IngestAudit;
import io.cadencia.tenant.TenantId;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The ingest trail in the runs table (keys: {@link RunsTable}), kept for the execution log's retention. */
public final class DynamoIngestAudit implements IngestAudit {

    private final DynamoDbClient dynamo;
    private final RunsTable table;
    private final Duration retention;

    public DynamoIngestAudit(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = new RunsTable(table);
        this.retention = retention;
    }

    @Override
    public void accepted(Call call) {
        Map<String, AttributeValue> item = new HashMap<>(RunsTable.ingestCall(call.tenant().value(), call.at(), UUID.randomUUID().toString()));
        item.put("kind", Attr.s("ingest"));
        item.put("tenantId", Attr.s(call.tenant().value()));
        item.put("keyPrefix", Attr.s(call.keyPrefix()));
        item.put("at", Attr.s(call.at().toString()));
        item.put("received", Attr.n(call.received()));
        item.put("created", Attr.n(call.created()));
        item.put("duplicate", Attr.n(call.duplicate()));
        item.put("rejected", Attr.n(call.rejected()));
        item.put("failedCount", Attr.n(call.failed()));
        item.put("result", Attr.s(call.result()));
        item.put("expiresAt", Attr.expiresAt(call.at().plus(retention)));
        dynamo.putItem(b -> b.tableName(table.name()).item(item));
    }

    @Override
    public void refused(TenantId tenant, String keyPrefix, Refusal refusal, Instant at) {
        dynamo.updateItem(b -> b.tableName(table.name()).key(RunsTable.ingestRefusals(tenant.value(), keyPrefix))
                .updateExpression("ADD #count :one SET keyPrefix = :prefix, lastAt = :at, expiresAt = :expires")
                .expressionAttributeNames(Map.of("#count", refusal.wire()))
                .expressionAttributeValues(Map.of(":one", Attr.n(1), ":prefix", Attr.s(keyPrefix), ":at", Attr.s(at.toString()),
                        ":expires", Attr.expiresAt(at.plus(retention)))));
    }

    @Override
    public List<Call> recent(TenantId tenant, int limit) {
        List<Call> calls = new ArrayList<>();
        dynamo.query(table.ingestCallsOf(tenant.value(), limit)).items().forEach(item -> calls.add(new Call(tenant,
                Attr.str(item, "keyPrefix"), Attr.instant(item, "at"), (int) Attr.num(item, "received", 0),
                (int) Attr.num(item, "created", 0), (int) Attr.num(item, "duplicate", 0), (int) Attr.num(item, "rejected", 0),
                (int) Attr.num(item, "failedCount", 0), Attr.str(item, "result"))));
        return calls;
    }

    @Override
    public List<Refusals> refusals(TenantId tenant) {
        List<Refusals> refusals = new ArrayList<>();
        dynamo.queryPaginator(table.ingestRefusalsOf(tenant.value())).items().forEach(item -> {
            Map<Refusal, Long> counts = new EnumMap<>(Refusal.class);
            for (Refusal refusal : Refusal.values()) {
                long count = Attr.num(item, refusal.wire(), 0);
                if (count > 0) {
                    counts.put(refusal, count);
                }
            }
            refusals.add(new Refusals(Attr.str(item, "keyPrefix"), counts, Attr.instant(item, "lastAt")));
        });
        return refusals;
    }
}
