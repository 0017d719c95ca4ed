package io.cadencia.hubsoft;

import io.cadencia.aws.Attr;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * SharedTable's key schema, the only place it is written. Every row is a tenant's HubSoft state, shared by all
 * Lambdas:
 * <ul>
 *   <li>{@code pk=<tenantId>#hubsoft}: the request budget ({@code sk=RATE_BUCKET}) and the leases that let one
 *       Lambda at a time renew the token ({@code TOKEN_LEASE}) or sweep the client base ({@code SWEEP_LEASE});</li>
 *   <li>{@code pk=<tenantId>#hubsoft-cache, sk=<category>#<key>}: cached HubSoft answers.</li>
 * </ul>
 */
final class SharedTable {

    private SharedTable() {
    }

    static Map<String, AttributeValue> rateBucket(String tenantId) {
        return Attr.key(hubsoft(tenantId), "RATE_BUCKET");
    }

    static Map<String, AttributeValue> tokenLease(String tenantId) {
        return Attr.key(hubsoft(tenantId), "TOKEN_LEASE");
    }

    static Map<String, AttributeValue> sweepLease(String tenantId) {
        return Attr.key(hubsoft(tenantId), "SWEEP_LEASE");
    }

    static Map<String, AttributeValue> cacheEntry(String tenantId, CacheCategory category, String key) {
        return Attr.key(tenantId + "#hubsoft-cache", cacheKey(category, key));
    }

    /** An entry's key within its tenant's cache partition. */
    static String cacheKey(CacheCategory category, String key) {
        return category.name() + "#" + key;
    }

    private static String hubsoft(String tenantId) {
        return tenantId + "#hubsoft";
    }
}
