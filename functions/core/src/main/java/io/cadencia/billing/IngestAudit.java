package io.cadencia.billing;

import io.cadencia.tenant.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The ingest calls' trail in the execution log: one record per accepted call, and per key prefix a count of the
 * calls refused (never their bodies). Thread-safe.
 */
public interface IngestAudit {

    /** Why a call was refused; counted per key prefix. */
    enum Refusal {
        /** Wrong or revoked key of a known prefix. */
        UNAUTHORIZED,
        /** A valid key with a body naming another tenant. */
        FORBIDDEN,
        /** Over the tenant's requests or billings per minute. */
        RATE_LIMITED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * @param keyPrefix the API key's prefix, or {@link #OPERATOR} for an IAM-authorised direct invoke
     * @param result    {@code ingested} when every item was created, else {@code partial}
     */
    record Call(TenantId tenant, String keyPrefix, Instant at, int received, int created, int duplicate, int rejected,
                int failed, String result) {
    }

    /** @param counts by refusal, only those that happened */
    record Refusals(String keyPrefix, Map<Refusal, Long> counts, Instant lastAt) {
    }

    /** The key prefix recorded for an operator's direct invoke, which IAM authorised and which names no key. */
    String OPERATOR = "operator-iam";

    void accepted(Call call);

    void refused(TenantId tenant, String keyPrefix, Refusal refusal, Instant at);

    /** The newest accepted calls, newest first. */
    List<Call> recent(TenantId tenant, int limit);

    /** Refusal counts of every key prefix that had any, in prefix order. */
    List<Refusals> refusals(TenantId tenant);
}
