package io.cadencia.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import software.amazon.cloudwatchlogs.emf.exception.DimensionSetExceededException;
import software.amazon.cloudwatchlogs.emf.exception.InvalidDimensionException;
import software.amazon.cloudwatchlogs.emf.exception.InvalidMetricException;
import software.amazon.cloudwatchlogs.emf.exception.InvalidNamespaceException;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;

import java.util.Map;
import java.util.function.Consumer;

/**
 * CloudWatch metrics as EMF log lines, one line per counter so each keeps its own dimensions. Lambda sends the
 * function's stdout to CloudWatch Logs, which turns each line into a metric.
 *
 * <p>Every distinct name and dimension set is a billed custom metric, so dimensions must have few values (job,
 * category, outcome, …), never a tenant ({@link MetricsSink#requireBounded}). The line timestamp is the EMF library's (the real time): CloudWatch
 * refuses timestamps more than two weeks old, which a simulated clock's would be.
 */
public final class EmfMetricsSink implements MetricsSink {

    private final String namespace;
    private final Consumer<String> lines;

    /** Lambda's sink: lines to stdout. */
    public EmfMetricsSink(String namespace) {
        this(namespace, System.out::println);
    }

    /** @param lines where each EMF line goes (one JSON object, no line break) */
    public EmfMetricsSink(String namespace, Consumer<String> lines) {
        this.namespace = namespace;
        this.lines = lines;
    }

    @Override
    public void count(String name, double value, Map<String, String> dimensions) {
        MetricsSink.requireBounded(name, dimensions);
        try {
            MetricsContext context = new MetricsContext();
            context.setNamespace(namespace);
            DimensionSet set = new DimensionSet();
            for (Map.Entry<String, String> dimension : new java.util.TreeMap<>(dimensions).entrySet()) {
                set.addDimension(dimension.getKey(), dimension.getValue());
            }
            context.setDimensions(set);
            context.putMetric(name, value, Unit.COUNT);
            for (String line : context.serialize()) {
                lines.accept(line);
            }
        } catch (InvalidNamespaceException | InvalidDimensionException | DimensionSetExceededException | InvalidMetricException
                 | JsonProcessingException e) {
            throw new IllegalArgumentException("metric " + name + " with dimensions " + dimensions.keySet() + " cannot be written as EMF: "
                    + e.getMessage(), e);
        }
    }
}
