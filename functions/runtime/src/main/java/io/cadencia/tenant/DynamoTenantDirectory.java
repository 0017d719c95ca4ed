package io.cadencia.tenant;

import io.cadencia.aws.Attr;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tenants and global settings in the tenants table (keys: {@link TenantsTable}). */
public final class DynamoTenantDirectory implements TenantDirectory {

    private final DynamoDbClient dynamo;
    private final TenantsTable table;

    public DynamoTenantDirectory(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = new TenantsTable(table);
    }

    /**
     * Every page of every shard of the sparse index: no scan, and the read grows with the active tenants only. The
     * index is eventually consistent, so a save may take a moment longer to show here than in {@link #find}.
     */
    @Override
    public List<Tenant> activeTenants() {
        List<Tenant> tenants = new ArrayList<>();
        for (int shard = 0; shard < TenantsTable.ACTIVE_SHARDS; shard++) {
            dynamo.queryPaginator(table.activeProfiles(shard)).items().forEach(item -> tenants.add(toTenant(item)));
        }
        tenants.sort(Comparator.comparing(Tenant::id));
        return tenants;
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        TenantId id;
        try {
            id = TenantId.of(tenantId);
        } catch (IllegalArgumentException invalid) {
            // No tenant can have been saved under it, and it must not reach a system row.
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table.name())
                .key(TenantsTable.profile(id)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toTenant(item));
    }

    @Override
    public Map<String, String> globalSettings() {
        Map<String, String> settings = new HashMap<>();
        dynamo.queryPaginator(table.globalSettings())
                .items().forEach(item -> settings.put(TenantsTable.settingOf(item), Attr.str(item, "value")));
        return settings;
    }

    @Override
    public void save(Tenant tenant) {
        Map<String, AttributeValue> item = new HashMap<>(TenantsTable.profile(tenant.tenantId()));
        item.put("tenantId", Attr.s(tenant.id()));
        item.put("name", Attr.s(tenant.name() == null ? tenant.id() : tenant.name()));
        item.put("active", Attr.bool(tenant.active()));
        if (tenant.active()) {
            // The put replaces the whole item, so a deactivated profile loses the attribute and leaves the index.
            item.putAll(TenantsTable.activeIndex(tenant.tenantId()));
        }
        if (tenant.endpointBaseUrl() != null) {
            item.put("endpointBaseUrl", Attr.s(tenant.endpointBaseUrl()));
        }
        Map<String, AttributeValue> settings = new HashMap<>();
        tenant.settings().forEach((k, v) -> settings.put(k, Attr.s(v)));
        item.put("settings", AttributeValue.fromM(settings));
        dynamo.putItem(PutItemRequest.builder().tableName(table.name()).item(item).build());
    }

    @Override
    public void saveGlobalSetting(String key, String value) {
        Map<String, AttributeValue> item = new HashMap<>(TenantsTable.globalSetting(key));
        item.put("value", Attr.s(value));
        dynamo.putItem(PutItemRequest.builder().tableName(table.name()).item(item).build());
    }

    private static Tenant toTenant(Map<String, AttributeValue> item) {
        Map<String, String> settings = new HashMap<>();
        AttributeValue raw = item.get("settings");
        if (raw != null && raw.hasM()) {
            raw.m().forEach((k, v) -> settings.put(k, v.s()));
        }
        return new Tenant(TenantsTable.tenantOf(item).value(), Attr.str(item, "name"), Attr.flag(item, "active"),
                Attr.str(item, "endpointBaseUrl"), settings);
    }
}
