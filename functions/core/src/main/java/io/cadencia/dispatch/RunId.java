package io.cadencia.dispatch;

import io.cadencia.tenant.TenantId;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One tenant's run of one tick: the unit the worker claims once. Every key that stands for a run (the SQS
 * deduplication id here, the execution-log key in the runs table, the endpoint call's idempotency key) is built
 * from this record and uses all of its components, so two deliveries are the same run for all of them or for none.
 *
 * @param scheduledTime to the second: the deduplication id carries epoch seconds, so every other key does too
 * @param trigger       keeps an operator's run-now apart from the scheduled tick of the same instant
 */
public record RunId(String job, TenantId tenant, Instant scheduledTime, Trigger trigger) {

    public RunId {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(tenant, "tenant");
        scheduledTime = scheduledTime.truncatedTo(ChronoUnit.SECONDS);
        Objects.requireNonNull(trigger, "trigger");
    }

    /**
     * SQS FIFO's MessageDeduplicationId, so SQS drops within its 5-minute window exactly the copies the run ledger
     * would skip anyway. Epoch seconds keep it within SQS's 128 characters for 64-character tenant ids.
     */
    public String deduplicationId() {
        return job + "#" + tenant + "#" + scheduledTime.getEpochSecond() + "#" + trigger.wire();
    }

    @Override
    public String toString() {
        return job + " for " + tenant + " at " + scheduledTime + " (" + trigger.wire() + ")";
    }
}
