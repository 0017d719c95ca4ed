package io.cadencia.tenant;

import io.cadencia.catalogue.UnknownNameException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where tenants and global settings are stored. */
public interface TenantDirectory {

    List<Tenant> activeTenants();

    Optional<Tenant> find(String tenantId);

    Map<String, String> globalSettings();

    void save(Tenant tenant);

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
