package io.cadencia.tenant;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.paginators.QueryIterable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One tenant's view of a table: every key it reads or writes, and every partition it queries (of the table or of an
 * index), must belong to the tenant (equal to the tenant id or starting with {@code <tenantId>#}). Built-in jobs get
 * their data access through this, so a bug or a forged message for tenant A cannot touch tenant B's items.
 */
public final class TenantScope {

    /** DynamoDB's most keys per BatchGetItem. */
    private static final int BATCH_GET = 100;
    /** A query names its partition {@code :pk} first, so the partition checked is the one read. */
    private static final Pattern PARTITION_FIRST = Pattern.compile("^\\s*#?\\w+ = :pk(\\s.*)?$");

    private final DynamoDbClient dynamo;
    private final String table;
    private final String tenantId;

    public TenantScope(DynamoDbClient dynamo, String table, String tenantId) {
        this.dynamo = dynamo;
        this.table = table;
        this.tenantId = Tenant.requireValidId(tenantId);
    }

    public String tenantId() {
        return tenantId;
    }

    public String table() {
        return table;
    }

    /** The key of this tenant's item {@code sk} (partition = the tenant id). */
    public Map<String, AttributeValue> key(String sk) {
        return Map.of("pk", AttributeValue.fromS(tenantId), "sk", AttributeValue.fromS(sk));
    }

    public Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table).key(own(key)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    public void put(PutItemRequest request) {
        own(request.item());
        dynamo.putItem(request.toBuilder().tableName(table).build());
    }

    public Map<String, AttributeValue> update(UpdateItemRequest request) {
        own(request.key());
        return dynamo.updateItem(request.toBuilder().tableName(table).build()).attributes();
    }

    public void delete(DeleteItemRequest request) {
        own(request.key());
        dynamo.deleteItem(request.toBuilder().tableName(table).build());
    }

    /** Up to {@code limit} items of this tenant whose sort key begins with {@code prefix}, in key order, across pages. */
    public List<Map<String, AttributeValue>> query(String skPrefix, int limit) {
        return query(QueryRequest.builder().keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(tenantId), ":prefix", AttributeValue.fromS(skPrefix)))
                        .build())
                .items().stream().limit(limit).toList();
    }

    /**
     * The pages of a query of the table or of one of its indexes: its key condition must begin with
     * {@code <partition attribute> = :pk}, and {@code :pk} be one of this tenant's partitions.
     */
    public QueryIterable query(QueryRequest request) {
        AttributeValue pk = request.expressionAttributeValues().get(":pk");
        if (request.keyConditionExpression() == null || !PARTITION_FIRST.matcher(request.keyConditionExpression()).matches()) {
            throw new TenantIsolationException("query '" + request.keyConditionExpression() + "' does not begin with its partition :pk");
        }
        ownPartition(pk == null ? null : pk.s());
        return dynamo.queryPaginator(request.toBuilder().tableName(table).build());
    }

    /** The items of these keys that exist, read consistently, in as many batches as DynamoDB needs. */
    public List<Map<String, AttributeValue>> getAll(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (int start = 0; start < keys.size(); start += BATCH_GET) {
            List<Map<String, AttributeValue>> batch = keys.subList(start, Math.min(keys.size(), start + BATCH_GET));
            batch.forEach(this::own);
            KeysAndAttributes request = KeysAndAttributes.builder().keys(batch).consistentRead(true).build();
            dynamo.batchGetItemPaginator(b -> b.requestItems(Map.of(table, request)))
                    .forEach(page -> found.addAll(page.responses().getOrDefault(table, List.of())));
        }
        return found;
    }

    /** Puts and updates of this tenant's items, all or none. */
    public void transactWrite(List<TransactWriteItem> writes) {
        List<TransactWriteItem> scoped = writes.stream().map(this::scoped).toList();
        dynamo.transactWriteItems(b -> b.transactItems(scoped));
    }

    private TransactWriteItem scoped(TransactWriteItem write) {
        if (write.put() != null) {
            own(write.put().item());
            return TransactWriteItem.builder().put(write.put().toBuilder().tableName(table).build()).build();
        }
        if (write.update() != null) {
            own(write.update().key());
            return TransactWriteItem.builder().update(write.update().toBuilder().tableName(table).build()).build();
        }
        throw new IllegalArgumentException("a tenant's transaction holds puts and updates only, got " + write);
    }

    /** Refuses a key outside this tenant, naming both tenants' sides of the key. */
    public Map<String, AttributeValue> own(Map<String, AttributeValue> key) {
        AttributeValue pk = key.get("pk");
        ownPartition(pk == null ? null : pk.s());
        return key;
    }

    private void ownPartition(String value) {
        if (value == null || !(value.equals(tenantId) || value.startsWith(tenantId + "#"))) {
            throw new TenantIsolationException("key pk '" + value + "' is outside tenant '" + tenantId + "'");
        }
    }

    /** An attempt to reach another tenant's data. */
    public static final class TenantIsolationException extends IllegalStateException {
        public TenantIsolationException(String message) {
            super(message);
        }
    }
}
