package io.cadencia.work;

import io.cadencia.catalogue.Job;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.tenant.Settings;
import io.cadencia.tenant.Tenant;

import java.time.Clock;
import java.time.Duration;

/**
 * Everything one run of a job for one tenant may use; nothing in it reaches another tenant's data.
 *
 * @param deadline when the job must have stopped taking work: the invocation's end less the worker's own reserve
 */
public record JobContext(Job job, WorkMessage work, Tenant tenant, Settings settings, Clock clock, String workerId,
                         Deadline deadline) {

    /** The 60 s {@code Timeout} of template.yaml's Globals: what a job run outside a worker invocation gets. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(60);

    public JobContext(Job job, WorkMessage work, Tenant tenant, Settings settings, Clock clock, String workerId) {
        this(job, work, tenant, settings, clock, workerId, Deadline.after(clock, DEFAULT_BUDGET));
    }
}
