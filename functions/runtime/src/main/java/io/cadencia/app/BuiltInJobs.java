package io.cadencia.app;

import io.cadencia.work.JobRunner;

import java.util.HashMap;
import java.util.Map;

/**
 * Catalogue jobs with built-in logic, by job name. Every job not listed here calls the tenant's endpoint.
 */
final class BuiltInJobs {

    private BuiltInJobs() {
    }

    static Map<String, JobRunner> create(Cadencia app) {
        Map<String, JobRunner> jobs = new HashMap<>();
        jobs.put(io.cadencia.billing.MessageSender.JOB, new io.cadencia.billing.MessageSender(app));
        return jobs;
    }
}
