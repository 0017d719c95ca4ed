package io.cadencia.tenant;

import io.cadencia.aws.Attr;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.util.Map;

/**
 * The tenants table's key schema, the only place it is written:
 * <ul>
 *   <li>a tenant's profile {@code pk=<tenantId>, sk=PROFILE};</li>
 *   <li>a global setting {@code pk=_global, sk=SETTING#<key>};</li>
 *   <li>a pause flag {@code pk=_control, sk=PAUSE#job#<name> | PAUSE#category#<name>}.</li>
 * </ul>
 * Tenant ids cannot start with '_' ({@link TenantId}), so the system rows never collide with a tenant's.
 */
public final class TenantsTable {

    private static final String PROFILE = "PROFILE";
    private static final String GLOBAL = "_global";
    private static final String SETTING_PREFIX = "SETTING#";
    private static final String CONTROL = "_control";
    private static final String PAUSE_PREFIX = "PAUSE#";

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

    /** The tenant a profile row belongs to. */
    public static TenantId tenantOf(Map<String, AttributeValue> profile) {
        return TenantId.of(Attr.str(profile, "pk"));
    }

    public ScanRequest.Builder activeProfiles() {
        return ScanRequest.builder().tableName(table)
                .filterExpression("sk = :profile AND active = :yes")
                .expressionAttributeValues(Map.of(":profile", Attr.s(PROFILE), ":yes", Attr.bool(true)));
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
}
