package io.cadencia.tenant;

import io.cadencia.aws.Attr;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tenants table: a tenant is {@code pk=<tenantId>, sk=PROFILE}; global settings are {@code pk=_global,
 * sk=SETTING#<key>}. Tenant ids cannot start with '_', so system rows never collide with a tenant's.
 */
public final class DynamoTenantDirectory implements TenantDirectory {

    static final String PROFILE = "PROFILE";
    static final String GLOBAL = "_global";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoTenantDirectory(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<Tenant> activeTenants() {
        List<Tenant> tenants = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var page = dynamo.scan(ScanRequest.builder().tableName(table)
                    .filterExpression("sk = :profile AND active = :yes")
                    .expressionAttributeValues(Map.of(":profile", Attr.s(PROFILE), ":yes", Attr.bool(true)))
                    .exclusiveStartKey(start).build());
            page.items().forEach(item -> tenants.add(toTenant(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        tenants.sort(Comparator.comparing(Tenant::id));
        return tenants;
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(Attr.key(tenantId, PROFILE)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toTenant(item));
    }

    @Override
    public Map<String, String> globalSettings() {
        Map<String, String> settings = new HashMap<>();
        dynamo.queryPaginator(QueryRequest.builder().tableName(table)
                        .keyConditionExpression("pk = :g AND begins_with(sk, :p)")
                        .expressionAttributeValues(Map.of(":g", Attr.s(GLOBAL), ":p", Attr.s("SETTING#"))).build())
                .items().forEach(item -> settings.put(Attr.str(item, "sk").substring("SETTING#".length()), Attr.str(item, "value")));
        return settings;
    }

    @Override
    public void save(Tenant tenant) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(tenant.id(), PROFILE));
        item.put("tenantId", Attr.s(tenant.id()));
        item.put("name", Attr.s(tenant.name() == null ? tenant.id() : tenant.name()));
        item.put("active", Attr.bool(tenant.active()));
        if (tenant.endpointBaseUrl() != null) {
            item.put("endpointBaseUrl", Attr.s(tenant.endpointBaseUrl()));
        }
        Map<String, AttributeValue> settings = new HashMap<>();
        tenant.settings().forEach((k, v) -> settings.put(k, Attr.s(v)));
        item.put("settings", AttributeValue.fromM(settings));
        dynamo.putItem(PutItemRequest.builder().tableName(table).item(item).build());
    }

    @Override
    public void saveGlobalSetting(String key, String value) {
        dynamo.putItem(PutItemRequest.builder().tableName(table)
                .item(Map.of("pk", Attr.s(GLOBAL), "sk", Attr.s("SETTING#" + key), "value", Attr.s(value))).build());
    }

    private static Tenant toTenant(Map<String, AttributeValue> item) {
        Map<String, String> settings = new HashMap<>();
        AttributeValue raw = item.get("settings");
        if (raw != null && raw.hasM()) {
            raw.m().forEach((k, v) -> settings.put(k, v.s()));
        }
        return new Tenant(Attr.str(item, "pk"), Attr.str(item, "name"), Attr.flag(item, "active"),
                Attr.str(item, "endpointBaseUrl"), settings);
    }
}
