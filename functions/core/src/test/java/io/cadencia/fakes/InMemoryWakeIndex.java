package io.cadencia.fakes;

import io.cadencia.dispatch.DispatchPorts;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wake index in a map of job to tenant to wake time, with the same conditions as {@code DynamoWakeIndex}. Not
 * modelled: the index's lag behind the table. Thread-safe.
 */
public final class InMemoryWakeIndex implements DispatchPorts.WakeIndex {

    private final Set<String> dueDriven;
    private final Map<String, Map<String, Instant>> wakes = new ConcurrentHashMap<>();

    public InMemoryWakeIndex(Set<String> dueDriven) {
        this.dueDriven = Set.copyOf(dueDriven);
    }

    /** A write that makes something due at {@code at} for a due-driven job. */
    public void wake(String job, String tenantId, Instant at) {
        wakes.computeIfAbsent(job, k -> new ConcurrentHashMap<>()).merge(tenantId, at, (a, b) -> a.isBefore(b) ? a : b);
    }

    public Optional<Instant> wakeOf(String job, String tenantId) {
        return Optional.ofNullable(wakes.getOrDefault(job, Map.of()).get(tenantId));
    }

    @Override
    public boolean drives(String job) {
        return dueDriven.contains(job);
    }

    @Override
    public Optional<Set<String>> due(String job, Instant at) {
        return dueDriven.contains(job) ? Optional.of(Set.copyOf(wakes(job, at).keySet())) : Optional.empty();
    }

    @Override
    public Map<String, Instant> wakes(String job, Instant at) {
        Map<String, Instant> due = new HashMap<>();
        wakes.getOrDefault(job, Map.of()).forEach((tenant, wake) -> {
            if (!wake.isAfter(at)) {
                due.put(tenant, wake);
            }
        });
        return due;
    }

    @Override
    public boolean advance(String job, String tenantId, Instant from, Instant to) {
        return wakes.computeIfAbsent(job, k -> new ConcurrentHashMap<>()).replace(tenantId, from, to);
    }

    @Override
    public void schedule(String job, String tenantId, Instant slot, Instant now) {
        wakes.computeIfAbsent(job, k -> new ConcurrentHashMap<>()).compute(tenantId,
                (t, wake) -> wake != null && !wake.isAfter(now) ? wake : slot);
    }
}
