package io.cadencia.secrets;

import io.cadencia.tenant.TenantId;
import io.cadencia.tenant.keys.TenantKeyKind;

/**
 * The name of every Secrets Manager secret Cadência reads or writes, the only place they are built. A tenant's
 * secrets live under {@code cadencia/tenants/<tenantId>/}, which is what the functions' IAM policies grant.
 */
public final class SecretNames {

    private SecretNames() {
    }

    /** The tenant's current HubSoft access token, shared by every Lambda: {@code {access_token, expires_at}}. */
    public static String hubsoftToken(String tenantId) {
        return ofTenant(tenantId, "hubsoft-token");
    }

    /**
     * Where a tenant's static key was kept before keys moved to the tenants table ({@link TenantKeys}); read only by
     * the migration ({@link TenantKeyMigration}).
     */
    public static String legacyTenantKey(String tenantId, TenantKeyKind kind) {
        return ofTenant(tenantId, kind.wireName());
    }

    private static String ofTenant(String tenantId, String secret) {
        return "cadencia/tenants/" + TenantId.of(tenantId) + "/" + secret;
    }
}
