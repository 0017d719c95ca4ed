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

    /** Same job, tenant and scheduled time: SQS drops the copy within its 5-minute deduplication window. */
    public String deduplicationId() {
        return job + "#" + tenantId + "#" + scheduledTime.getEpochSecond();
    }
}
