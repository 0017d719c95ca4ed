package io.cadencia.hubsoft;

import io.cadencia.secrets.TenantKeys;
import io.cadencia.tenant.keys.TenantKeyKind;

/** Which tenants have HubSoft configured, and their credentials (tenant key {@code hubsoft}, cached per container). */
public final class HubSoftAccounts {

    private final TenantKeys keys;

    public HubSoftAccounts(TenantKeys keys) {
        this.keys = keys;
    }

    public boolean configured(String tenantId) {
        return keys.find(tenantId, TenantKeyKind.HUBSOFT).isPresent();
    }

    public HubSoftCredentials require(String tenantId) {
        return HubSoftCredentials.parse(tenantId, keys.find(tenantId, TenantKeyKind.HUBSOFT)
                .orElseThrow(() -> new HubSoftAuthException("tenant " + tenantId + " has no HubSoft credentials (tenant key hubsoft)")));
    }
}
