package io.cadencia.dispatch;

import io.cadencia.tenant.TenantId;

import java.time.Instant;
import java.util.Objects;

/**
 * One tenant's share of one tick: the body of a FIFO message, in the tenant's message group.
 *
 * @param catchUp a missed tick the dispatcher's catch-up policy chose to run: never coalesced into a newer tick in the
 *                same batch, since the policy already decided it runs. Not part of the run's identity ({@link #runId()}).
 */
public record WorkMessage(String job, String category, TenantId tenant, Instant scheduledTime, String endpoint, Trigger trigger,
                          boolean catchUp) {

    public WorkMessage {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(scheduledTime, "scheduledTime");
        Objects.requireNonNull(trigger, "trigger");
    }

    /** A tick's message as it was delivered, not a catch-up. */
    public WorkMessage(String job, String category, TenantId tenant, Instant scheduledTime, String endpoint, Trigger trigger) {
        this(job, category, tenant, scheduledTime, endpoint, trigger, false);
    }

    public String tenantId() {
        return tenant.value();
    }

    public RunId runId() {
        return new RunId(job, tenant, scheduledTime, trigger);
    }
}
