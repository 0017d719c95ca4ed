package io.cadencia.tenant;

import io.cadencia.catalogue.UnknownNameException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where tenants and global settings are stored.
 *
 * <p>Thread-safe: one instance serves a container. No argument is null and nothing returned is null. Reads may be
 * cached for a short time (a save is seen at once by the instance that made it). A failed call to the store throws
 * any {@link RuntimeException}; for a worker that means the run is retried on a later delivery. An unknown tenant
 * is no error here: {@link #find} is empty, and only {@link #require} throws, an {@link UnknownNameException}.
 */
public interface TenantDirectory {

    List<Tenant> activeTenants();

    /** The tenant, active or not; empty when no tenant has that id. */
    Optional<Tenant> find(String tenantId);

    /** Every global setting, by key; values as stored, checked by their readers. */
    Map<String, String> globalSettings();

    /** Creates or replaces the tenant's profile and settings. */
    void save(Tenant tenant);

    /** Sets a global setting, replacing its earlier value. */
    void saveGlobalSetting(String key, String value);

    /** The tenant, or an error naming the id and listing the active tenants' ids. */
    default Tenant require(String tenantId) {
        return find(tenantId).orElseThrow(() -> new UnknownNameException("tenant", tenantId,
                activeTenants().stream().map(Tenant::id).toList()));
    }

    default Settings settingsOf(Tenant tenant) {
        return new Settings(tenant.settings(), globalSettings());
    }
}
