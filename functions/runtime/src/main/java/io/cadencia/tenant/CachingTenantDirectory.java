package io.cadencia.tenant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps tenant profiles, the active tenants and global settings for a short time in the container, so a worker
 * batch does not read the same rows once per message and a dispatcher does not read every active profile once per
 * tick. Writes through this instance invalidate at once; other containers see a change within {@code maxAge}.
 */
public final class CachingTenantDirectory implements TenantDirectory {

    private static final String GLOBAL = "";
    private static final String ACTIVE = "";

    private final TenantDirectory delegate;
    private final Cache<String, Optional<Tenant>> tenants;
    private final Cache<String, Map<String, String>> global;
    private final Cache<String, List<Tenant>> active;

    public CachingTenantDirectory(TenantDirectory delegate, Duration maxAge, Ticker ticker) {
        this.delegate = delegate;
        this.tenants = Caffeine.newBuilder().expireAfterWrite(maxAge).maximumSize(10_000).ticker(ticker).build();
        this.global = Caffeine.newBuilder().expireAfterWrite(maxAge).maximumSize(1).ticker(ticker).build();
        this.active = Caffeine.newBuilder().expireAfterWrite(maxAge).maximumSize(1).ticker(ticker).build();
    }

    @Override
    public List<Tenant> activeTenants() {
        return active.get(ACTIVE, k -> List.copyOf(delegate.activeTenants()));
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        return tenants.get(tenantId, delegate::find);
    }

    @Override
    public Map<String, String> globalSettings() {
        return global.get(GLOBAL, k -> delegate.globalSettings());
    }

    @Override
    public void save(Tenant tenant) {
        delegate.save(tenant);
        tenants.invalidate(tenant.id());
        active.invalidateAll();
    }

    @Override
    public void saveGlobalSetting(String key, String value) {
        delegate.saveGlobalSetting(key, value);
        global.invalidateAll();
    }
}
