package io.cadencia.work;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Built-in runners by job name; every other catalogue job calls the tenant's endpoint. */
public final class JobRegistry {

    private final Map<String, JobRunner> builtIns;
    private final JobRunner endpointRunner;

    public JobRegistry(Map<String, JobRunner> builtIns, JobRunner endpointRunner) {
        this.builtIns = Map.copyOf(builtIns);
        this.endpointRunner = endpointRunner;
    }

    public JobRunner runnerFor(String job) {
        return builtIns.getOrDefault(job, endpointRunner);
    }

    /** What a built-in job falls back to for a tenant it does not apply to (e.g. no HubSoft configured). */
    public JobRunner endpointRunner() {
        return endpointRunner;
    }

    public boolean isBuiltIn(String job) {
        return builtIns.containsKey(job);
    }

    public Set<String> builtInJobs() {
        return new TreeSet<>(builtIns.keySet());
    }
}
