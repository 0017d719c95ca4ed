package io.cadencia.billing;

import io.cadencia.apikey.HttpKeyAuth;
import io.cadencia.apikey.StoredKey;
import io.cadencia.observability.LogContext;
import io.cadencia.observability.MetricsSink;
import io.cadencia.ratelimit.Decision;
import io.cadencia.ratelimit.DynamoTokenBuckets;
import io.cadencia.ratelimit.TokenBucket;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantDirectory;
import io.cadencia.tenant.TenantId;
import io.cadencia.tenant.TenantsTable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Who may ingest, how much, and the trail it leaves. A Function URL call is the key's tenant's: authenticated
 * ({@link HttpKeyAuth}, 401), its body may not name another tenant (403), and it is within the tenant's requests
 * and billings per minute (429 with Retry-After); only then is anything of it stored. An operator's direct invoke
 * is authorised by IAM before it reaches us, names its tenant, and is neither key-checked nor rate limited. Each
 * accepted call is recorded in the execution log.
 */
public final class IngestGate {

    /** A valid key whose body names another tenant. */
    public static final class ForbiddenException extends RuntimeException {
        public ForbiddenException() {
            super("this API key may only ingest its own tenant's billings: field 'tenantId' names another tenant", null, false, false);
        }
    }

    /** Over a per-minute limit; nothing of the call was stored. */
    public static final class RateLimitedException extends RuntimeException {
        private final long retryAfterSeconds;

        public RateLimitedException(String limit, long retryAfterSeconds) {
            super("rate limit exceeded: " + limit + "; retry after " + retryAfterSeconds + " s", null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private static final Logger LOG = LogManager.getLogger("io.cadencia.lambda.IngestHandler");

    private final HttpKeyAuth auth;
    private final BillingIngest ingest;
    private final TenantDirectory tenants;
    private final DynamoTokenBuckets buckets;
    private final IngestAudit audit;
    private final MetricsSink metrics;
    private final Clock clock;

    /** @param buckets the tenants table's ingest rate buckets ({@link TenantsTable#rateBucket}) */
    public IngestGate(HttpKeyAuth auth, BillingIngest ingest, TenantDirectory tenants, DynamoTokenBuckets buckets, IngestAudit audit,
                      MetricsSink metrics, Clock clock) {
        this.auth = auth;
        this.ingest = ingest;
        this.tenants = tenants;
        this.buckets = buckets;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A Function URL request: key, tenant, limits, then the ingest. */
    public Map<String, Object> viaUrl(Map<String, Object> event) {
        StoredKey key = auth.authenticate(event);
        TenantId tenant = key.tenant();
        IngestRequest request = IngestRequest.from(IngestFunctionUrl.body(event));
        if (request.tenantId() != null && !request.tenantId().equals(tenant.value())) {
            refuse(key, IngestAudit.Refusal.FORBIDDEN);
            throw new ForbiddenException();
        }
        try (var ignored = LogContext.of(tenant.value(), null, null)) {
            Optional<Tenant> active = tenants.find(tenant.value()).filter(Tenant::active);
            // An inactive tenant or an oversized batch is refused whole by the ingest, spending no limit.
            if (active.isPresent() && BatchRules.checkSize(request.inputs().size()).isEmpty()) {
                withinLimits(key, IngestLimits.of(tenants.settingsOf(active.get())), request.inputs().size());
            }
            return ingested(tenant, key.prefix(), request);
        }
    }

    /** An operator's direct invoke (IAM-authorised): the body names the tenant. */
    public Map<String, Object> asOperator(Map<String, Object> fields) {
        IngestRequest request = IngestRequest.from(fields);
        try (var ignored = LogContext.of(request.tenantId(), null, null)) {
            return ingested(tenantOf(request), IngestAudit.OPERATOR, request);
        }
    }

    /** Null when the body names none, which the ingest refuses naming the field. */
    private static TenantId tenantOf(IngestRequest request) {
        if (request.tenantId() == null || request.tenantId().isBlank()) {
            return null;
        }
        try {
            return TenantId.of(request.tenantId());
        } catch (IllegalArgumentException e) {
            throw new BillingIngest.RefusedException(e.getMessage());
        }
    }

    private void withinLimits(StoredKey key, IngestLimits limits, int billings) {
        take(key, "requests", limits.requests(), 1, limits.requestsPerMinute() + " requests per minute");
        if (billings > 0) {
            take(key, "billings", limits.billings(), billings, limits.billingsPerMinute() + " billings per minute");
        }
    }

    private void take(StoredKey key, String bucket, TokenBucket rule, int cost, String limit) {
        Decision decision = buckets.take(TenantsTable.rateBucket(key.tenant(), "ingest-" + bucket), rule::full,
                (current, now) -> rule.take(current, now, cost, cost));
        if (!decision.granted()) {
            refuse(key, IngestAudit.Refusal.RATE_LIMITED);
            throw new RateLimitedException(limit, retryAfterSeconds(decision.retryIn()));
        }
    }

    /** Whole seconds, rounded up, at least 1: a client that waits that long finds enough tokens. */
    static long retryAfterSeconds(Duration retryIn) {
        return Math.max(1, (retryIn.toMillis() + 999) / 1000);
    }

    private void refuse(StoredKey key, IngestAudit.Refusal refusal) {
        metrics.count("IngestRefused", Map.of("reason", refusal.wire()));
        LOG.warn("ingest refused ({}) for key prefix {}", refusal.wire(), key.prefix());
        recordRefusal(audit, key, refusal, clock);
    }

    /** A refusal counted in the trail; a failure to count it is logged, never turned into a server error. */
    public static void recordRefusal(IngestAudit audit, StoredKey key, IngestAudit.Refusal refusal, Clock clock) {
        try {
            audit.refused(key.tenant(), key.prefix(), refusal, clock.instant());
        } catch (RuntimeException e) {
            LOG.error("ingest refusal of key prefix {} not counted", key.prefix(), e);
        }
    }

    private Map<String, Object> ingested(TenantId tenant, String keyPrefix, IngestRequest request) {
        Map<String, Object> result = ingest.ingest(tenant == null ? null : tenant.value(), request.inputs(), request.shapeErrors());
        LOG.info("ingested {} billings with key prefix {}: {} created, {} duplicate, {} rejected, {} failed", result.get("received"),
                keyPrefix, result.get("created"), result.get("duplicate"), result.get("rejected"), result.get("failed"));
        int received = (int) result.get("received");
        int created = (int) result.get("created");
        try {
            audit.accepted(new IngestAudit.Call(tenant, keyPrefix, clock.instant(), received, created, (int) result.get("duplicate"),
                    (int) result.get("rejected"), (int) result.get("failed"), created == received ? "ingested" : "partial"));
        } catch (RuntimeException e) {
            // The billings are stored: failing the call now would make the caller resend a batch that is all duplicates.
            LOG.error("ingest audit record of tenant {} not written", tenant, e);
        }
        return result;
    }
}
