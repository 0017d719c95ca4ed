package io.cadencia.secrets;

import io.cadencia.tenant.TenantId;
import io.cadencia.tenant.keys.TenantKeyKind;

/**
 * The name of every Secrets Manager secret Cadência reads or writes, the only place they are built. A stack's
 * secrets live under its own root ({@code SECRET_ROOT}, {@code cadencia/<stack name>} on AWS), so two stacks in one
 * account never share a secret, and each function's IAM policy grants exactly the names under its stack's root.
 *
 * @param root the stack's prefix, without a trailing slash
 */
public record SecretNames(String root) {

    /** The root when none is configured: the local stack and tests. */
    public static final SecretNames DEFAULT = new SecretNames("cadencia");

    public SecretNames {
        if (root == null || root.isBlank() || root.endsWith("/") || !root.matches("[A-Za-z0-9/_+=.@-]+")) {
            throw new IllegalArgumentException("SECRET_ROOT '" + root + "' is not a secret name prefix (letters, digits, /_+=.@-, no trailing /)");
        }
    }

    /** The tenant's current HubSoft access token, shared by every Lambda: {@code {access_token, expires_at}}. */
    public String hubsoftToken(String tenantId) {
        return root + "/tenants/" + TenantId.of(tenantId) + "/hubsoft-token";
    }

    /**
     * Where a tenant's static key was kept before keys moved to the tenants table ({@link TenantKeys}), in the
     * single-stack layout of that time; read only by the migration ({@link TenantKeyMigration}).
     */
    public static String legacyTenantKey(String tenantId, TenantKeyKind kind) {
        return "cadencia/tenants/" + TenantId.of(tenantId) + "/" + kind.wireName();
    }
}
