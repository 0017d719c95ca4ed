package io.cadencia.observability;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/** Tallies counters in memory: what the local runner reports and what tests assert on. Refuses what EMF would refuse. */
public final class InMemoryMetricsSink implements MetricsSink {

    private final Map<String, DoubleAdder> totals = new ConcurrentHashMap<>();

    @Override
    public void count(String name, double value, Map<String, String> dimensions) {
        MetricsSink.requireBounded(name, dimensions);
        totals.computeIfAbsent(name, k -> new DoubleAdder()).add(value);
        new TreeMap<>(dimensions).forEach((k, v) -> totals.computeIfAbsent(name + "{" + k + "=" + v + "}", x -> new DoubleAdder()).add(value));
    }

    /** Total of a counter, or of one dimension value with {@code name{key=value}}. */
    public double total(String key) {
        DoubleAdder adder = totals.get(key);
        return adder == null ? 0 : adder.sum();
    }

    public Map<String, Double> snapshot() {
        Map<String, Double> copy = new TreeMap<>();
        totals.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
