package io.cadencia.dispatch;

import java.time.Instant;
import java.util.Optional;

/** One firing of one job's schedule, or an operator's run-now (optionally for a single tenant). */
public record Tick(String job, Instant scheduledTime, String trigger, Optional<String> onlyTenant) {

    public static Tick scheduled(String job, Instant scheduledTime) {
        return new Tick(job, scheduledTime, "schedule", Optional.empty());
    }

    public static Tick manual(String job, Instant now, Optional<String> onlyTenant) {
        return new Tick(job, now, "manual", onlyTenant);
    }

    /** Manual ticks are keyed apart so a run-now never collides with the schedule's own tick at the same instant. */
    public String claimKey() {
        return job + "#" + scheduledTime + ("manual".equals(trigger) ? "#manual" + onlyTenant.map(t -> "#" + t).orElse("") : "");
    }
}
