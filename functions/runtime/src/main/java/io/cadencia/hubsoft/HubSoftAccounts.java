package io.cadencia.hubsoft;

import io.cadencia.secrets.SecretNames;
import io.cadencia.secrets.SecretStore;

import java.util.Optional;

/** Which tenants have HubSoft configured, and their credentials (through the per-container secret cache). */
public final class HubSoftAccounts {

    private final SecretStore secrets;

    public HubSoftAccounts(SecretStore secrets) {
        this.secrets = secrets;
    }

    public boolean configured(String tenantId) {
        return secrets.find(SecretNames.hubsoft(tenantId)).isPresent();
    }

    public HubSoftCredentials require(String tenantId) {
        String name = SecretNames.hubsoft(tenantId);
        return HubSoftCredentials.parse(tenantId, secrets.find(name)
                .orElseThrow(() -> new HubSoftAuthException("tenant " + tenantId + " has no HubSoft credentials (secret " + name + ")")));
    }
}
