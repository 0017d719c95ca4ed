package io.cadencia.apikey;

import io.cadencia.aws.Attr;
import io.cadencia.tenant.TenantId;
import io.cadencia.tenant.TenantsTable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** API keys in the tenants table (keys: {@link TenantsTable}). */
public final class DynamoApiKeyStore implements ApiKeyStore {

    private final DynamoDbClient dynamo;
    private final TenantsTable table;

    public DynamoApiKeyStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = new TenantsTable(table);
    }

    /** The slot count and the key in one transaction: two concurrent creates cannot both take the last slot. */
    @Override
    public boolean create(ApiKeyFormat.Issued key, Instant now, int maxActive) {
        Map<String, AttributeValue> item = new HashMap<>(TenantsTable.apiKey(key.tenant(), key.keyId()));
        item.put("tenantId", Attr.s(key.tenant().value()));
        item.put("prefix", Attr.s(key.prefix()));
        item.put("hash", AttributeValue.fromB(SdkBytes.fromByteArray(key.hash())));
        item.put("createdAt", Attr.s(now.toString()));
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(slots(key.tenant())
                            .conditionExpression("attribute_not_exists(active) OR active < :max")
                            .expressionAttributeValues(Map.of(":one", Attr.n(1), ":max", Attr.n(maxActive))).build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(item)
                            .conditionExpression("attribute_not_exists(pk)").build()).build()));
            return true;
        } catch (TransactionCanceledException e) {
            return refusedByCondition(e);
        }
    }

    @Override
    public boolean revoke(TenantId tenant, String keyId, Instant now) {
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(Update.builder().tableName(table.name()).key(TenantsTable.apiKey(tenant, keyId))
                            .updateExpression("SET revokedAt = :now")
                            .conditionExpression("attribute_exists(pk) AND attribute_not_exists(revokedAt)")
                            .expressionAttributeValues(Map.of(":now", Attr.s(now.toString()))).build()).build(),
                    TransactWriteItem.builder().update(slots(tenant)
                            .expressionAttributeValues(Map.of(":one", Attr.n(-1))).build()).build()));
            return true;
        } catch (TransactionCanceledException e) {
            return refusedByCondition(e);
        }
    }

    /**
     * False when a condition refused the transaction (the slots are full, the key is not active); a conflict with
     * another transaction on the same items is rethrown, so the operator retries instead of being told a wrong reason.
     */
    private static boolean refusedByCondition(TransactionCanceledException e) {
        if (e.hasCancellationReasons() && e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
            return false;
        }
        throw e;
    }

    private Update.Builder slots(TenantId tenant) {
        return Update.builder().tableName(table.name()).key(TenantsTable.apiKeySlots(tenant)).updateExpression("ADD active :one");
    }

    @Override
    public Optional<StoredKey> find(TenantId tenant, String keyId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table.name())
                .key(TenantsTable.apiKey(tenant, keyId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toKey(tenant, item));
    }

    @Override
    public List<StoredKey> list(TenantId tenant) {
        List<StoredKey> keys = new ArrayList<>();
        dynamo.queryPaginator(table.apiKeysOf(tenant)).items().forEach(item -> keys.add(toKey(tenant, item)));
        return keys;
    }

    @Override
    public void touch(TenantId tenant, String keyId, Instant now) {
        // Only an existing key: a key revoked and gone between the check and here must not reappear as a stub.
        try {
            dynamo.updateItem(b -> b.tableName(table.name()).key(TenantsTable.apiKey(tenant, keyId))
                    .updateExpression("SET lastUsedAt = :now").conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":now", Attr.s(now.toString()))));
        } catch (ConditionalCheckFailedException gone) {
            // Nothing to record on a key that no longer exists.
        }
    }

    private static StoredKey toKey(TenantId tenant, Map<String, AttributeValue> item) {
        return new StoredKey(tenant, TenantsTable.keyIdOf(item), Attr.str(item, "prefix"), item.get("hash").b().asByteArray(),
                Attr.instant(item, "createdAt"), Optional.ofNullable(Attr.instant(item, "lastUsedAt")),
                Optional.ofNullable(Attr.instant(item, "revokedAt")));
    }
}
