package io.cadencia.tenant.keys;

import io.cadencia.catalogue.UnknownNameException;

import java.util.Arrays;

/**
 * The static keys a tenant gives Cadência, each stored envelope-encrypted in the tenants table
 * ({@link TenantKeyCipher}). The HubSoft access token is not one of them: it changes every hour and is shared
 * through Secrets Manager.
 */
public enum TenantKeyKind {
    /** The key that signs calls to the tenant's endpoint. */
    ENDPOINT("endpoint"),
    /** The apikey of the tenant's Evolution API instance (its base URL and name are settings). */
    EVOLUTION("evolution"),
    /** The tenant's HubSoft account: {@code {host, client_id, client_secret, username, password}}. */
    HUBSOFT("hubsoft");

    private final String wireName;

    TenantKeyKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name operators and stored rows use. */
    public String wireName() {
        return wireName;
    }

    /** The kind named {@code name}, or an error naming it and the known kinds. */
    public static TenantKeyKind of(String name) {
        for (TenantKeyKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new UnknownNameException("key kind", name, Arrays.stream(values()).map(TenantKeyKind::wireName).toList());
    }
}
