package io.cadencia.work;

import java.time.Instant;

/** Identifies one tenant's run of one tick of a job: the unit of work that is claimed once. */
public record RunKey(String tenantId, String job, Instant scheduledTime, String trigger) {
}
