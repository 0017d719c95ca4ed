package io.cadencia.tenant;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One tenant's view of a table: every key it reads or writes must belong to the tenant ({@code pk} equal to the
 * tenant id or starting with {@code <tenantId>#}). Built-in jobs get their data access through this, so a bug
 * or a forged message for tenant A cannot touch tenant B's items.
 */
public final class TenantScope {

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
        return dynamo.queryPaginator(QueryRequest.builder().tableName(table)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(tenantId), ":prefix", AttributeValue.fromS(skPrefix)))
                        .build())
                .items().stream().limit(limit).toList();
    }

    /** Refuses a key outside this tenant, naming both tenants' sides of the key. */
    public Map<String, AttributeValue> own(Map<String, AttributeValue> key) {
        AttributeValue pk = key.get("pk");
        String value = pk == null ? null : pk.s();
        if (value == null || !(value.equals(tenantId) || value.startsWith(tenantId + "#"))) {
            throw new TenantIsolationException("key pk '" + value + "' is outside tenant '" + tenantId + "'");
        }
        return key;
    }

    /** An attempt to reach another tenant's data. */
    public static final class TenantIsolationException extends IllegalStateException {
        public TenantIsolationException(String message) {
            super(message);
        }
    }
}
