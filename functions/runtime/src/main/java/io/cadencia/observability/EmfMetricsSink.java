package io.cadencia.observability;

import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.util.Map;

/** CloudWatch metrics as EMF log lines (Powertools), one line per counter so each keeps its own dimensions. */
public final class EmfMetricsSink implements MetricsSink {

    private final Metrics metrics = MetricsFactory.getMetricsInstance();
    private final String namespace;

    public EmfMetricsSink(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public void count(String name, double value, Map<String, String> dimensions) {
        DimensionSet set = new DimensionSet();
        dimensions.forEach(set::addDimension);
        metrics.flushSingleMetric(name, value, MetricUnit.COUNT, namespace, set);
    }
}
