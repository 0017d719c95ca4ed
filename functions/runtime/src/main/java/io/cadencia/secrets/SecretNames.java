package io.cadencia.secrets;

import io.cadencia.tenant.TenantId;

/**
 * The name of every Secrets Manager secret Cadência reads or writes, the only place they are built. A tenant's
 * secrets live under {@code cadencia/tenants/<tenantId>/}, which is what the functions' IAM policies grant.
 */
public final class SecretNames {

    private SecretNames() {
    }

    /** The key that signs calls to the tenant's endpoint. */
    public static String endpoint(String tenantId) {
        return ofTenant(tenantId, "endpoint");
    }

    /** The apikey of the tenant's Evolution API instance (its base URL and name are settings). */
    public static String evolution(String tenantId) {
        return ofTenant(tenantId, "evolution");
    }

    /** The tenant's HubSoft account: {@code {host, client_id, client_secret, username, password}}. */
    public static String hubsoft(String tenantId) {
        return ofTenant(tenantId, "hubsoft");
    }

    /** The tenant's current HubSoft access token, shared by every Lambda: {@code {access_token, expires_at}}. */
    public static String hubsoftToken(String tenantId) {
        return ofTenant(tenantId, "hubsoft-token");
    }

    private static String ofTenant(String tenantId, String secret) {
        return "cadencia/tenants/" + TenantId.of(tenantId) + "/" + secret;
    }
}
