package io.cadencia.dispatch;

import io.cadencia.tenant.TenantId;

import java.time.Instant;
import java.util.Objects;

/** One tenant's share of one tick: the body of a FIFO message, in the tenant's message group. */
public record WorkMessage(String job, String category, TenantId tenant, Instant scheduledTime, String endpoint, Trigger trigger) {

    public WorkMessage {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(scheduledTime, "scheduledTime");
        Objects.requireNonNull(trigger, "trigger");
    }

    public String tenantId() {
        return tenant.value();
    }

    public RunId runId() {
        return new RunId(job, tenant, scheduledTime, trigger);
    }
}
