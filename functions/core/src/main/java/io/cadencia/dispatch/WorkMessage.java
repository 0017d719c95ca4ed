package io.cadencia.dispatch;

import io.cadencia.tenant.TenantId;

import java.time.Instant;
import java.util.Objects;

/**
 * One tenant's share of one tick: the body of a FIFO message, in the tenant's message group.
 *
 * @param coalescible whether a worker may skip this scheduled tick's run for a newer tick of the job for the tenant in
 *                    the same batch (seed 004's coalescing); false for a missed tick the job's catch-up policy chose to
 *                    run, and for every tick of a job whose ticks are each work of their own. Not part of the run's
 *                    identity ({@link #runId()}).
 */
public record WorkMessage(String job, String category, TenantId tenant, Instant scheduledTime, String endpoint, Trigger trigger,
                          boolean coalescible) {

    public WorkMessage {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(scheduledTime, "scheduledTime");
        Objects.requireNonNull(trigger, "trigger");
    }

    public WorkMessage(String job, String category, TenantId tenant, Instant scheduledTime, String endpoint, Trigger trigger) {
        this(job, category, tenant, scheduledTime, endpoint, trigger, true);
    }

    public String tenantId() {
        return tenant.value();
    }

    public RunId runId() {
        return new RunId(job, tenant, scheduledTime, trigger);
    }
}
