package io.cadencia.fakes;

import io.cadencia.observability.MetricsSink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps every count in order, with its dimensions, so tests can ask what was counted and how much.
 *
 * <p>Not modelled: EMF's buffering and flush (what is counted is kept at once). Thread-safe: a batch's group
 * threads count into it at once.
 */
public final class RecordingMetrics implements MetricsSink {

    private record Count(String name, double value, Map<String, String> dimensions) {
    }

    private final List<Count> counts = new ArrayList<>();

    @Override
    public synchronized void count(String name, double value, Map<String, String> dimensions) {
        counts.add(new Count(name, value, Map.copyOf(dimensions)));
    }

    /** The name of every count, in order, repeated as often as counted. */
    public synchronized List<String> names() {
        return counts.stream().map(Count::name).toList();
    }

    /** The sum of a counter over every dimension. */
    public synchronized double total(String name) {
        return counts.stream().filter(c -> c.name().equals(name)).mapToDouble(Count::value).sum();
    }

    /** The sum of a counter where {@code dimension} had {@code value}. */
    public synchronized double total(String name, String dimension, String value) {
        return counts.stream().filter(c -> c.name().equals(name) && value.equals(c.dimensions().get(dimension)))
                .mapToDouble(Count::value).sum();
    }
}
