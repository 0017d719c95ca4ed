package io.cadencia.control;

import io.cadencia.hubsoft.HubSoftCredentials;
import io.cadencia.secrets.TenantKeyMigration;
import io.cadencia.secrets.TenantKeys;
import io.cadencia.tenant.TenantDirectory;
import io.cadencia.tenant.TenantId;
import io.cadencia.tenant.keys.TenantKeyKind;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Operator actions on tenants' static keys: {@code set-tenant-key} stores one (sealed, in the tenants table) and
 * {@code migrate-tenant-keys} copies the old per-tenant secrets in. No response and no error ever holds a key.
 */
public final class TenantKeyControls {

    private final TenantDirectory tenants;
    private final TenantKeys keys;
    private final TenantKeyMigration migration;

    public TenantKeyControls(TenantDirectory tenants, TenantKeys keys, TenantKeyMigration migration) {
        this.tenants = tenants;
        this.keys = keys;
        this.migration = migration;
    }

    public Map<String, ControlAction> actions() {
        Map<String, ControlAction> actions = new LinkedHashMap<>();
        actions.put("set-tenant-key", this::set);
        actions.put("migrate-tenant-keys", request -> migration.run());
        return actions;
    }

    /** {@code {tenant, kind: endpoint | evolution | hubsoft, value}}; a HubSoft account must be complete JSON. */
    private Map<String, Object> set(ControlRequest request) {
        TenantId tenant = request.requireTenant();
        tenants.require(tenant.value());
        TenantKeyKind kind;
        try {
            kind = TenantKeyKind.of(request.require("kind"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'kind': " + e.getMessage(), e);
        }
        String value = request.require("value");
        if (kind == TenantKeyKind.HUBSOFT) {
            HubSoftCredentials.parse(tenant.value(), value);
        }
        keys.save(tenant, kind, value);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("tenant", tenant.value());
        response.put("kind", kind.wireName());
        response.put("stored", true);
        return response;
    }
}
