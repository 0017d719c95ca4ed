package io.cadencia.secrets;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.cadencia.aws.Attr;
import io.cadencia.config.FunctionSettings;
import io.cadencia.tenant.TenantId;
import io.cadencia.tenant.TenantsTable;
import io.cadencia.tenant.keys.SealedKey;
import io.cadencia.tenant.keys.TenantKeyCipher;
import io.cadencia.tenant.keys.TenantKeyKind;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tenants' static keys (endpoint signing key, Evolution apikey, HubSoft account), each a row of the tenants table
 * ({@link TenantsTable#tenantKey}) holding the value sealed by {@link TenantKeyCipher}. Read through a per-container
 * cache of opened values, so a warm Lambda neither reads the row nor unwraps a data key per run; an absent key is
 * cached too. Values never leave through toString, logs or error messages.
 *
 * <p>Why rows and not Secrets Manager secrets: a secret costs USD 0.40 a month, and a tenant had up to three of
 * these; a row costs a few bytes of storage and its reads are cached. Why rows and not attributes of the profile:
 * the profile is replaced whole on save and copied into the active-tenants index that every dispatcher reads.
 */
public final class TenantKeys {

    private final DynamoDbClient dynamo;
    private final String table;
    private final TenantKeyCipher cipher;
    private final Clock clock;
    private final Cache<String, Optional<String>> opened;

    public TenantKeys(DynamoDbClient dynamo, String table, TenantKeyCipher cipher, Duration maxAge, Ticker ticker, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
        this.clock = clock;
        this.opened = Caffeine.newBuilder().expireAfterWrite(maxAge).maximumSize(30_000).ticker(ticker).build();
    }

    /** One container's tenant keys, its caches timed by {@code clock}: Lambda's composition root, and tests' containers. */
    public static TenantKeys forContainer(DynamoDbClient dynamo, KmsClient kms, FunctionSettings settings, Clock clock) {
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        FunctionSettings.Keys keys = settings.keys();
        return new TenantKeys(dynamo, settings.tables().tenants(),
                new TenantKeyCipher(new KmsDataKeys(kms, keys.kmsKey(), keys.dataKeyTtl(), ticker)),
                settings.caches().secrets(), ticker, clock);
    }

    /** The tenant's key of that kind; empty when none is stored or the id cannot be a tenant's. */
    public Optional<String> find(String tenantId, TenantKeyKind kind) {
        TenantId id;
        try {
            id = TenantId.of(tenantId);
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
        return opened.get(cacheKey(id, kind), k -> load(id, kind));
    }

    /** Whether a key of that kind is stored, read from the table (no data key is unwrapped). */
    public boolean stored(TenantId tenant, TenantKeyKind kind) {
        return !row(tenant, kind).isEmpty();
    }

    /** Seals and stores the value, replacing an earlier one; this container sees it at once, others within the TTL. */
    public void save(TenantId tenant, TenantKeyKind kind, String value) {
        SealedKey sealed = cipher.seal(tenant, kind, value);
        Map<String, AttributeValue> item = new HashMap<>(TenantsTable.tenantKey(tenant, kind));
        item.put("dataKey", AttributeValue.fromB(SdkBytes.fromByteArray(sealed.wrappedDataKey())));
        item.put("nonce", AttributeValue.fromB(SdkBytes.fromByteArray(sealed.nonce())));
        item.put("ciphertext", AttributeValue.fromB(SdkBytes.fromByteArray(sealed.ciphertext())));
        item.put("updatedAt", Attr.s(clock.instant().toString()));
        dynamo.putItem(b -> b.tableName(table).item(item));
        opened.invalidate(cacheKey(tenant, kind));
    }

    private Optional<String> load(TenantId tenant, TenantKeyKind kind) {
        Map<String, AttributeValue> item = row(tenant, kind);
        if (item.isEmpty()) {
            return Optional.empty();
        }
        SealedKey sealed = new SealedKey(item.get("dataKey").b().asByteArray(), item.get("nonce").b().asByteArray(),
                item.get("ciphertext").b().asByteArray());
        return Optional.of(cipher.open(tenant, kind, sealed));
    }

    private Map<String, AttributeValue> row(TenantId tenant, TenantKeyKind kind) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(TenantsTable.tenantKey(tenant, kind))).item();
        return item == null ? Map.of() : item;
    }

    private static String cacheKey(TenantId tenant, TenantKeyKind kind) {
        return tenant.value() + "#" + kind.wireName();
    }
}
