package io.cadencia.tenant;

import java.util.Map;

/**
 * A customer business (an ISP) whose work runs isolated from every other tenant's.
 *
 * @param endpointBaseUrl base URL of the tenant's own HTTP app, for catalogue jobs without built-in logic
 * @param settings        the tenant's own setting values; absent keys fall back to global values, then defaults
 */
public record Tenant(String id, String name, boolean active, String endpointBaseUrl, Map<String, String> settings) {

    public Tenant {
        requireValidId(id);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** See {@link TenantId}. */
    public static String requireValidId(String id) {
        return TenantId.of(id).value();
    }

    public TenantId tenantId() {
        return new TenantId(id);
    }
}
