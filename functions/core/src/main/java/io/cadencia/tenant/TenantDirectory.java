package io.cadencia.tenant;

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

    default Settings settingsOf(Tenant tenant) {
        return new Settings(tenant.settings(), globalSettings());
    }
}
