package io.cadencia.apikey;

import io.cadencia.tenant.TenantId;

import java.time.Instant;
import java.util.Optional;

/**
 * A tenant's API key as stored: never the secret, only the SHA-256 of the whole key.
 *
 * @param lastUsedAt empty before its first accepted call; written at most once a minute (see {@link ApiKeyVerifier})
 */
public record StoredKey(TenantId tenant, String keyId, String prefix, byte[] hash, Instant createdAt,
                        Optional<Instant> lastUsedAt, Optional<Instant> revokedAt) {

    public boolean active() {
        return revokedAt.isEmpty();
    }

    @Override
    public String toString() {
        return prefix;
    }
}
