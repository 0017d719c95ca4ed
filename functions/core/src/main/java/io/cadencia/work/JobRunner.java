package io.cadencia.work;

/**
 * The logic of one job for one tenant. Built-in jobs (reminders, WhatsApp health, HubSoft sync, alerts, reports)
 * and the endpoint caller implement it. Thread-safe: one instance runs for many tenants at once. An outcome that
 * may succeed later is a {@link JobOutcome} with {@code retry} set; a runner throws only for unexpected failures,
 * and any exception it throws is retried like that outcome (the run is recorded failed and redelivered).
 */
@FunctionalInterface
public interface JobRunner {
    JobOutcome run(JobContext context) throws Exception;

    /**
     * True for a job that claims every item it acts on itself (conditional writes per item), so running it twice
     * for the same tick cannot repeat an effect. Its run is then only recorded, not claimed first: one write
     * instead of two per tenant and tick, which matters for a job that runs every minute.
     */
    default boolean claimsItsOwnItems() {
        return false;
    }
}
