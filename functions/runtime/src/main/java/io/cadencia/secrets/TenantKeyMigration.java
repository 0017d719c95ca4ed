package io.cadencia.secrets;

import io.cadencia.tenant.TenantId;
import io.cadencia.tenant.TenantsTable;
import io.cadencia.tenant.keys.TenantKeyKind;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Moves tenants' static keys from their old per-tenant secrets ({@link SecretNames#legacyTenantKey}) into the
 * tenants table ({@link TenantKeys}): control action {@code migrate-tenant-keys}, run once after deploying. A key
 * already in the table is left as it is (a key saved since is newer than the secret), so running it again copies
 * nothing. It deletes no secret: the operator deletes them after checking (README, "Tenant keys"). It scans the
 * tenants table, which is why it is an operator's action and never part of a tick.
 */
public final class TenantKeyMigration {

    private final DynamoDbClient dynamo;
    private final TenantsTable table;
    private final SecretsManagerClient secrets;
    private final TenantKeys keys;

    public TenantKeyMigration(DynamoDbClient dynamo, String table, SecretsManagerClient secrets, TenantKeys keys) {
        this.dynamo = dynamo;
        this.table = new TenantsTable(table);
        this.secrets = secrets;
        this.keys = keys;
    }

    /** {@code tenants}: profiles seen; {@code migrated}: keys copied, by kind; {@code alreadyInTable}: keys left alone. */
    public Map<String, Object> run() {
        Map<TenantKeyKind, Integer> migrated = new EnumMap<>(TenantKeyKind.class);
        int tenants = 0;
        int already = 0;
        for (var profile : dynamo.scanPaginator(table.allProfiles()).items()) {
            TenantId tenant = TenantsTable.tenantOf(profile);
            tenants++;
            for (TenantKeyKind kind : TenantKeyKind.values()) {
                if (keys.stored(tenant, kind)) {
                    already++;
                    continue;
                }
                String value;
                try {
                    value = secrets.getSecretValue(b -> b.secretId(SecretNames.legacyTenantKey(tenant.value(), kind))).secretString();
                } catch (ResourceNotFoundException none) {
                    continue;
                }
                if (value != null && !value.isBlank()) {
                    keys.save(tenant, kind, value);
                    migrated.merge(kind, 1, Integer::sum);
                }
            }
        }
        Map<String, Integer> byKind = new LinkedHashMap<>();
        for (TenantKeyKind kind : TenantKeyKind.values()) {
            byKind.put(kind.wireName(), migrated.getOrDefault(kind, 0));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("tenants", tenants);
        result.put("migrated", byKind);
        result.put("alreadyInTable", already);
        return result;
    }
}
