package io.cadencia.dispatch;

import io.cadencia.tenant.TenantId;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * One firing of one job's schedule, or an operator's run-now or backfill (optionally for a single tenant): the
 * identity the dispatcher claims once.
 *
 * @param scheduledTime to the second, as the {@link RunId} of each of its tenants' runs is
 */
public record Tick(String job, Instant scheduledTime, Trigger trigger, Optional<TenantId> onlyTenant) {

    public Tick {
        Objects.requireNonNull(job, "job");
        scheduledTime = scheduledTime.truncatedTo(ChronoUnit.SECONDS);
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(onlyTenant, "onlyTenant");
    }

    public static Tick scheduled(String job, Instant scheduledTime) {
        return new Tick(job, scheduledTime, Trigger.SCHEDULE, Optional.empty());
    }

    public static Tick manual(String job, Instant now, Optional<TenantId> onlyTenant) {
        return new Tick(job, now, Trigger.MANUAL, onlyTenant);
    }

    /** A past fire time of the job's schedule, run again by an operator's backfill. */
    public static Tick backfill(String job, Instant fireTime, Optional<TenantId> onlyTenant) {
        return new Tick(job, fireTime, Trigger.BACKFILL, onlyTenant);
    }

    @Override
    public String toString() {
        String by = switch (trigger) {
            case SCHEDULE -> "";
            case MANUAL -> " (run-now" + onlyTenant.map(t -> " for " + t).orElse("") + ")";
            case BACKFILL -> " (backfill" + onlyTenant.map(t -> " for " + t).orElse("") + ")";
        };
        return job + " at " + scheduledTime + by;
    }
}
