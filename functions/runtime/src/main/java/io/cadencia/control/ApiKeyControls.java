package io.cadencia.control;

import io.cadencia.apikey.ApiKeyFormat;
import io.cadencia.apikey.ApiKeys;
import io.cadencia.apikey.StoredKey;
import io.cadencia.billing.BrazilTime;
import io.cadencia.billing.IngestAudit;
import io.cadencia.tenant.TenantDirectory;
import io.cadencia.tenant.TenantId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator actions on tenants' API keys ({@code api-key-create}, {@code api-key-revoke}, {@code api-key-list}), and
 * the ingest trail that {@code status} shows for one tenant.
 */
public final class ApiKeyControls {

    /** Accepted calls {@code status} shows per tenant. */
    static final int RECENT_CALLS = 10;

    private final ApiKeys keys;
    private final TenantDirectory tenants;
    private final IngestAudit audit;

    public ApiKeyControls(ApiKeys keys, TenantDirectory tenants, IngestAudit audit) {
        this.keys = keys;
        this.tenants = tenants;
        this.audit = audit;
    }

    public Map<String, ControlAction> actions() {
        Map<String, ControlAction> actions = new LinkedHashMap<>();
        actions.put("api-key-create", this::create);
        actions.put("api-key-revoke", this::revoke);
        actions.put("api-key-list", this::list);
        return actions;
    }

    /** {@code status} with a {@code tenant}: the base status plus that tenant's last ingest calls and refusals. */
    public ControlAction withIngestOf(ControlAction status) {
        return request -> {
            Map<String, Object> response = new LinkedHashMap<>(status.apply(request));
            request.tenant().ifPresent(tenant -> response.put("ingest", ingestOf(tenant)));
            return response;
        };
    }

    /** The key in full appears in this answer only; afterwards only its prefix is shown anywhere. */
    private Map<String, Object> create(ControlRequest request) {
        TenantId tenant = existing(request);
        ApiKeyFormat.Issued key = keys.create(tenant);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("tenant", tenant.value());
        response.put("prefix", key.prefix());
        response.put("key", key.key());
        response.put("note", "shown once: store it in the caller's system now; only its hash is kept. Send it as "
                + "'Authorization: Bearer <key>'. A tenant may hold " + ApiKeys.MAX_ACTIVE + " active keys: to rotate, create "
                + "a new one, switch the caller, then revoke the old one");
        return response;
    }

    private Map<String, Object> revoke(ControlRequest request) {
        TenantId tenant = existing(request);
        StoredKey revoked = keys.revoke(tenant, request.require("key"));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("tenant", tenant.value());
        response.put("revoked", describe(revoked));
        return response;
    }

    private Map<String, Object> list(ControlRequest request) {
        TenantId tenant = existing(request);
        List<Map<String, Object>> rows = new ArrayList<>();
        keys.list(tenant).forEach(key -> rows.add(describe(key)));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("tenant", tenant.value());
        response.put("activeLimit", ApiKeys.MAX_ACTIVE);
        response.put("keys", rows);
        return response;
    }

    private TenantId existing(ControlRequest request) {
        return tenants.require(request.requireTenant().value()).tenantId();
    }

    private static Map<String, Object> describe(StoredKey key) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("keyId", key.keyId());
        row.put("prefix", key.prefix());
        row.put("active", key.active());
        row.put("createdAt", local(key.createdAt()));
        row.put("lastUsedAt", key.lastUsedAt().map(ApiKeyControls::local).orElse(null));
        row.put("revokedAt", key.revokedAt().map(ApiKeyControls::local).orElse(null));
        return row;
    }

    private Map<String, Object> ingestOf(TenantId tenant) {
        List<Map<String, Object>> calls = new ArrayList<>();
        audit.recent(tenant, RECENT_CALLS).forEach(call -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("at", local(call.at()));
            row.put("keyPrefix", call.keyPrefix());
            row.put("result", call.result());
            row.put("received", call.received());
            row.put("created", call.created());
            row.put("duplicate", call.duplicate());
            row.put("rejected", call.rejected());
            row.put("failed", call.failed());
            calls.add(row);
        });
        Map<String, Object> refusals = new LinkedHashMap<>();
        audit.refusals(tenant).forEach(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            r.counts().forEach((reason, count) -> row.put(reason.wire(), count));
            row.put("lastAt", local(r.lastAt()));
            refusals.put(r.keyPrefix(), row);
        });
        Map<String, Object> ingest = new LinkedHashMap<>();
        ingest.put("lastCalls", calls);
        ingest.put("refusalsByKeyPrefix", refusals);
        return ingest;
    }

    private static String local(Instant instant) {
        return instant == null ? null : instant.atZone(BrazilTime.ZONE).toOffsetDateTime().toString();
    }
}
