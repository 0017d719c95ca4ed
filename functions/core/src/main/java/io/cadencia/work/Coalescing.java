package io.cadencia.work;

import io.cadencia.dispatch.Trigger;
import io.cadencia.dispatch.WorkMessage;

import java.util.HashMap;
import java.util.Map;

/**
 * Seed 004's coalescing: when a backlog delivers several ticks of the same job for the same tenant in one batch,
 * only the newest runs; the older ones are superseded (APScheduler {@code coalesce=True}).
 */
public final class Coalescing {

    private Coalescing() {
    }

    /** True when a newer tick of the same job and tenant is in the same batch. */
    public static java.util.function.Predicate<WorkMessage> supersededWithin(Iterable<WorkMessage> batch) {
        Map<String, java.time.Instant> newest = new HashMap<>();
        for (WorkMessage m : batch) {
            if (m.trigger() == Trigger.SCHEDULE) {
                newest.merge(m.tenantId() + "#" + m.job(), m.scheduledTime(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return m -> m.trigger() == Trigger.SCHEDULE && m.coalescible() && newest.get(m.tenantId() + "#" + m.job()).isAfter(m.scheduledTime());
    }
}
