package io.cadencia.dispatch;

import java.time.Instant;
import java.util.Objects;

/**
 * One tenant's share of one tick: the body of a FIFO message, in the tenant's message group.
 *
 * @param trigger {@code schedule} for EventBridge ticks, {@code manual} for run-now
 */
public record WorkMessage(String job, String category, String tenantId, Instant scheduledTime, String endpoint, String trigger) {

    public WorkMessage {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(scheduledTime, "scheduledTime");
        trigger = trigger == null ? "schedule" : trigger;
    }

    /**
     * The run's identity (job, tenant, scheduled time, trigger: what the worker claims as one run), so SQS drops
     * within its 5-minute window exactly the copies the run ledger would skip anyway. The trigger keeps an
     * operator's run-now apart from the scheduled tick of the same instant; two run-nows of the same job for the
     * same tenant within one second are one run (scheduled times are whole seconds; epoch seconds keep the id
     * within SQS's 128 characters for 64-character tenant ids).
     */
    public String deduplicationId() {
        return job + "#" + tenantId + "#" + scheduledTime.getEpochSecond() + "#" + trigger;
    }
}
