package io.cadencia.apikey;

import io.cadencia.tenant.TenantId;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * An operator's view of a tenant's API keys: create (shown once), revoke, list. A tenant holds at most
 * {@value #MAX_ACTIVE} active keys, enough to rotate without downtime (create the new one, switch the caller to
 * it, revoke the old one) and no more, so a forgotten key cannot linger beside its replacement forever.
 */
public final class ApiKeys {

    public static final int MAX_ACTIVE = 2;

    private final ApiKeyStore store;
    private final Clock clock;
    private final SecureRandom random;

    public ApiKeys(ApiKeyStore store, Clock clock) {
        this(store, clock, new SecureRandom());
    }

    ApiKeys(ApiKeyStore store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
    }

    public ApiKeyFormat.Issued create(TenantId tenant) {
        ApiKeyFormat.Issued key = ApiKeyFormat.issue(tenant, random);
        if (!store.create(key, clock.instant(), MAX_ACTIVE)) {
            throw new IllegalArgumentException("tenant '" + tenant + "' already has " + MAX_ACTIVE + " active API keys, the "
                    + "limit; revoke one with action 'api-key-revoke' before creating another");
        }
        return key;
    }

    /** @param keyIdOrPrefix the key id or the whole prefix, as api-key-list shows them */
    public StoredKey revoke(TenantId tenant, String keyIdOrPrefix) {
        String keyId = keyIdOf(tenant, keyIdOrPrefix);
        StoredKey key = store.find(tenant, keyId).orElseThrow(() -> new IllegalArgumentException("field 'key': '"
                + ApiKeyFormat.prefix(tenant, keyId) + "' is not an API key of tenant '" + tenant + "'"));
        if (!key.active() || !store.revoke(tenant, keyId, clock.instant())) {
            throw new IllegalArgumentException("field 'key': API key '" + key.prefix() + "' is already revoked");
        }
        return store.find(tenant, keyId).orElse(key);
    }

    public List<StoredKey> list(TenantId tenant) {
        return store.list(tenant);
    }

    private static String keyIdOf(TenantId tenant, String keyIdOrPrefix) {
        String value = keyIdOrPrefix.strip();
        String prefix = ApiKeyFormat.prefix(tenant, "");
        String id = value.startsWith(prefix) ? value.substring(prefix.length()) : value;
        // A whole key pasted by mistake: its secret is cut off here, so no error message can repeat it.
        int end = id.indexOf('_');
        return end < 0 ? id : id.substring(0, end);
    }
}
