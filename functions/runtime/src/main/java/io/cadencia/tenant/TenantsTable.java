package io.cadencia.tenant;

import io.cadencia.aws.Attr;
import io.cadencia.tenant.keys.TenantKeyKind;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.Map;

/**
 * The tenants table's key schema, the only place it is written:
 * <ul>
 *   <li>a tenant's profile {@code pk=<tenantId>, sk=PROFILE};</li>
 *   <li>a tenant's static key, sealed ({@code io.cadencia.secrets.TenantKeys}), {@code pk=<tenantId>, sk=KEY#<kind>};</li>
 *   <li>a global setting {@code pk=_global, sk=SETTING#<key>};</li>
 *   <li>a pause flag {@code pk=_control, sk=PAUSE#job#<name> | PAUSE#category#<name>};</li>
 *   <li>a tenant's API key {@code pk=<tenantId>, sk=APIKEY#<keyId>} (its hash, never the secret), found by one
 *       GetItem since the key's readable prefix names both; and the count of the tenant's active keys
 *       {@code pk=<tenantId>, sk=APIKEY_SLOTS}, which a create and a revoke change in the same transaction as the key;</li>
 *   <li>a tenant's ingest rate bucket {@code pk=<tenantId>, sk=RATE#<name>} (bounded: a few per tenant).</li>
 * </ul>
 * An active tenant's profile also carries {@code activeShard=ACTIVE#<00..15>}, the partition key of the sparse index
 * {@value #ACTIVE_INDEX} (sort key {@code pk}); an inactive profile has no such attribute and is not in the index.
 * Tenant ids cannot start with '_' ({@link TenantId}), so the system rows never collide with a tenant's.
 */
public final class TenantsTable {

    private static final String PROFILE = "PROFILE";
    private static final String KEY_PREFIX = "KEY#";
    private static final String GLOBAL = "_global";
    private static final String SETTING_PREFIX = "SETTING#";
    private static final String CONTROL = "_control";
    private static final String PAUSE_PREFIX = "PAUSE#";
    private static final String API_KEY_PREFIX = "APIKEY#";
    private static final String API_KEY_SLOTS = "APIKEY_SLOTS";
    private static final String RATE_PREFIX = "RATE#";
    private static final String ACTIVE_SHARD = "activeShard";
    private static final String ACTIVE_PREFIX = "ACTIVE#";
    /** The sparse index of active profiles (template.yaml, TenantsTable). */
    public static final String ACTIVE_INDEX = "activeTenants";
    /**
     * Why 16: at 10,000 tenants of about 1 KB the index holds some 10 MB. Under one key value every dispatcher
     * container's refresh would read it all from one partition (3,000 read units a second at most): one refresh is
     * about 1,250 units, and the eleven category dispatchers refresh together at a shared minute. Over 16 key values
     * DynamoDB can spread the index across partitions; a shard holds some 625 profiles, about 0.6 MB, so it is one
     * page, and eleven refreshes at once cost a shard about 900 units. More shards would only add queries per refresh
     * (each at least half a read unit). Changing the count moves profiles between shards: re-save every tenant.
     */
    public static final int ACTIVE_SHARDS = 16;

    /** A pause flag: {@code kind} is {@code job} or {@code category}. */
    public record PauseKey(String kind, String name) {
        public PauseKey {
            if (!kind.equals("job") && !kind.equals("category")) {
                throw new IllegalArgumentException("pause kind '" + kind + "' must be 'job' or 'category'");
            }
        }
    }

    private final String table;

    public TenantsTable(String table) {
        this.table = table;
    }

    public String name() {
        return table;
    }

    public static Map<String, AttributeValue> profile(TenantId tenant) {
        return Attr.key(tenant.value(), PROFILE);
    }

    public static Map<String, AttributeValue> tenantKey(TenantId tenant, TenantKeyKind kind) {
        return Attr.key(tenant.value(), KEY_PREFIX + kind.wireName());
    }

    /** Every tenant's profile, active or not, tenant id only: for one-time operator actions, never a tick. */
    public ScanRequest allProfiles() {
        return ScanRequest.builder().tableName(table).filterExpression("sk = :profile")
                .expressionAttributeValues(Map.of(":profile", Attr.s(PROFILE))).projectionExpression("pk").build();
    }

    /** The tenant a profile row belongs to. */
    public static TenantId tenantOf(Map<String, AttributeValue> profile) {
        return TenantId.of(Attr.str(profile, "pk"));
    }

    /** The index attribute an active tenant's profile carries; an inactive profile must not carry it. */
    public static Map<String, AttributeValue> activeIndex(TenantId tenant) {
        // String.hashCode is fixed by the language specification, so every container and version agrees on the shard.
        int shard = Math.floorMod(tenant.value().hashCode(), ACTIVE_SHARDS);
        return Map.of(ACTIVE_SHARD, Attr.s(activeShard(shard)));
    }

    private static String activeShard(int shard) {
        return ACTIVE_PREFIX + String.format("%02d", shard);
    }

    /** The active profiles of one shard, {@code 0 <= shard < ACTIVE_SHARDS}, in tenant id order. */
    public QueryRequest activeProfiles(int shard) {
        return QueryRequest.builder().tableName(table).indexName(ACTIVE_INDEX)
                .keyConditionExpression(ACTIVE_SHARD + " = :shard")
                .expressionAttributeValues(Map.of(":shard", Attr.s(activeShard(shard)))).build();
    }

    /** Active profiles saved before the index existed: the ones the one-time backfill must index. */
    public ScanRequest unindexedActiveProfiles() {
        return ScanRequest.builder().tableName(table)
                .filterExpression("sk = :profile AND active = :yes AND attribute_not_exists(" + ACTIVE_SHARD + ")")
                .expressionAttributeValues(Map.of(":profile", Attr.s(PROFILE), ":yes", Attr.bool(true)))
                .projectionExpression("pk").build();
    }

    /** Adds the index attribute to a profile that is still active and still lacks it (a save may have raced ahead). */
    public UpdateItemRequest indexActiveProfile(TenantId tenant) {
        return UpdateItemRequest.builder().tableName(table).key(profile(tenant))
                .updateExpression("SET " + ACTIVE_SHARD + " = :shard")
                .conditionExpression("active = :yes AND attribute_not_exists(" + ACTIVE_SHARD + ")")
                .expressionAttributeValues(Map.of(":shard", activeIndex(tenant).get(ACTIVE_SHARD), ":yes", Attr.bool(true))).build();
    }

    public static Map<String, AttributeValue> globalSetting(String key) {
        return Attr.key(GLOBAL, SETTING_PREFIX + key);
    }

    public QueryRequest globalSettings() {
        return QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :g AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":g", Attr.s(GLOBAL), ":p", Attr.s(SETTING_PREFIX))).build();
    }

    /** The setting a global setting row holds. */
    public static String settingOf(Map<String, AttributeValue> row) {
        return Attr.str(row, "sk").substring(SETTING_PREFIX.length());
    }

    public static Map<String, AttributeValue> pause(PauseKey pause) {
        return Attr.key(CONTROL, PAUSE_PREFIX + pause.kind() + "#" + pause.name());
    }

    public QueryRequest pauses() {
        return QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :p AND begins_with(sk, :pause)")
                .expressionAttributeValues(Map.of(":p", Attr.s(CONTROL), ":pause", Attr.s(PAUSE_PREFIX)))
                .consistentRead(true).build();
    }

    public static PauseKey pauseOf(Map<String, AttributeValue> row) {
        String[] parts = Attr.str(row, "sk").split("#", 3);
        return new PauseKey(parts[1], parts[2]);
    }

    public static Map<String, AttributeValue> apiKey(TenantId tenant, String keyId) {
        return Attr.key(tenant.value(), API_KEY_PREFIX + keyId);
    }

    public static Map<String, AttributeValue> apiKeySlots(TenantId tenant) {
        return Attr.key(tenant.value(), API_KEY_SLOTS);
    }

    /** Every API key of a tenant, in key id order. */
    public QueryRequest apiKeysOf(TenantId tenant) {
        return QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :t AND begins_with(sk, :k)")
                .expressionAttributeValues(Map.of(":t", Attr.s(tenant.value()), ":k", Attr.s(API_KEY_PREFIX)))
                .consistentRead(true).build();
    }

    /** The key id an API key row holds. */
    public static String keyIdOf(Map<String, AttributeValue> row) {
        return Attr.str(row, "sk").substring(API_KEY_PREFIX.length());
    }

    public static Map<String, AttributeValue> rateBucket(TenantId tenant, String name) {
        return Attr.key(tenant.value(), RATE_PREFIX + name);
    }
}
