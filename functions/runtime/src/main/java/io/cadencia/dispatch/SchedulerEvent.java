package io.cadencia.dispatch;

import io.cadencia.catalogue.Catalogue;
import io.cadencia.catalogue.Job;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * An EventBridge Scheduler input ({@code {"job": "...", "category": "...", "scheduledTime":
 * "<aws.scheduler.scheduled-time>"}}) as the catalogue job and the tick to dispatch; every error names the field.
 */
public record SchedulerEvent(Job job, Tick tick) {

    /** @param servedCategory the dispatcher's category; empty serves whichever category the job has */
    public static SchedulerEvent parse(Map<String, Object> event, Catalogue catalogue, Optional<String> servedCategory, Clock clock) {
        if (event == null) {
            throw new IllegalArgumentException("event is empty: expected {\"job\": \"<catalogue job>\", \"scheduledTime\": \"<ISO-8601>\"}");
        }
        Object jobName = event.get("job");
        if (!(jobName instanceof String name) || name.isBlank()) {
            throw new IllegalArgumentException("field 'job' is required in the dispatcher event, got " + jobName);
        }
        Job job = catalogue.require(name);
        String served = servedCategory.orElse(job.category());
        if (!job.category().equals(served)) {
            throw new IllegalArgumentException("job '" + name + "' belongs to category '" + job.category()
                    + "' but this dispatcher serves '" + served + "'");
        }
        return new SchedulerEvent(job, Tick.scheduled(job.name(), scheduledTime(event.get("scheduledTime"), clock)));
    }

    /** The scheduler's time; a console test event without one (or with the unexpanded placeholder) means now. */
    private static Instant scheduledTime(Object raw, Clock clock) {
        if (raw == null || raw.toString().isBlank() || raw.toString().startsWith("<aws.scheduler")) {
            return clock.instant().truncatedTo(ChronoUnit.MINUTES);
        }
        try {
            return Instant.parse(raw.toString()).truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field 'scheduledTime' value '" + raw + "' is not an ISO-8601 instant such as 2026-11-23T12:00:00Z", e);
        }
    }
}
