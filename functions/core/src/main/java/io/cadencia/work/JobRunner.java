package io.cadencia.work;

/**
 * The logic of one job for one tenant. Built-in jobs (reminders, WhatsApp health, HubSoft sync, alerts, reports)
 * and the endpoint caller implement it; a runner throws only for unexpected failures, which are retried.
 */
@FunctionalInterface
public interface JobRunner {
    JobOutcome run(JobContext context) throws Exception;
}
