package io.cadencia.fakes;

import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantDirectory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Tenants and global settings in maps. Active tenants come sorted by id, as {@code DynamoTenantDirectory} returns
 * them, so tests can expect an order.
 *
 * <p>Not modelled: the runtime's short read cache (every save is seen at once by every reader) and failed calls to
 * the store. Thread-safe.
 */
public final class InMemoryTenantDirectory implements TenantDirectory {

    private final Map<String, Tenant> tenants = new ConcurrentSkipListMap<>();
    private final Map<String, String> globalSettings = new ConcurrentHashMap<>();

    public InMemoryTenantDirectory(Tenant... tenants) {
        List.of(tenants).forEach(this::save);
    }

    @Override
    public List<Tenant> activeTenants() {
        return tenants.values().stream().filter(Tenant::active).toList();
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        return Optional.ofNullable(tenants.get(tenantId));
    }

    @Override
    public Map<String, String> globalSettings() {
        return Map.copyOf(globalSettings);
    }

    @Override
    public void save(Tenant tenant) {
        tenants.put(tenant.id(), tenant);
    }

    @Override
    public void saveGlobalSetting(String key, String value) {
        globalSettings.put(key, value);
    }
}
