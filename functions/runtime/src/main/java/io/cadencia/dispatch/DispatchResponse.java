package io.cadencia.dispatch;

import io.cadencia.catalogue.Job;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a dispatch answers its caller (the scheduler's tick or an operator's run-now or backfill): the tick and its
 * outcome, and when the tick found missed ticks, how many and which it caught up.
 */
public final class DispatchResponse {

    private DispatchResponse() {
    }

    public static Map<String, Object> of(Job job, Tick tick, DispatchOutcome outcome) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("job", job.name());
        response.put("category", job.category());
        response.put("scheduledTime", tick.scheduledTime().toString());
        tick.onlyTenant().ifPresent(tenant -> response.put("tenant", tenant));
        response.put("status", outcome.status().name());
        response.put("tenants", outcome.tenants());
        response.put("messages", outcome.messages());
        if (outcome.detail() != null) {
            response.put("detail", outcome.detail());
        }
        Missed missed = outcome.missed();
        if (missed.any()) {
            response.put("missedTicks", missed.ticks());
            response.put("caughtUp", missed.caughtUp().size());
            response.put("caughtUpTicks", missed.caughtUp().stream().map(Instant::toString).toList());
            response.put("caughtUpMessages", missed.messages());
        }
        return response;
    }
}
