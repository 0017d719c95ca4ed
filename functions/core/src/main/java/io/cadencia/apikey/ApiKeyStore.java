package io.cadencia.apikey;

import io.cadencia.tenant.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where API keys live. Thread-safe; races between containers are settled by the store's conditional writes. */
public interface ApiKeyStore {

    /**
     * Stores a new key unless the tenant already has {@code maxActive} active keys; returns false then (nothing
     * stored).
     */
    boolean create(ApiKeyFormat.Issued key, Instant now, int maxActive);

    /** Revokes an active key; false when the tenant has no such key or it is already revoked. */
    boolean revoke(TenantId tenant, String keyId, Instant now);

    /** One key by its id, read consistently so a revocation takes effect on the next call. */
    Optional<StoredKey> find(TenantId tenant, String keyId);

    /** Every key of the tenant, active and revoked, in key id order. */
    List<StoredKey> list(TenantId tenant);

    void touch(TenantId tenant, String keyId, Instant now);
}
