package io.cadencia.observability;

import java.util.Map;
import java.util.Set;

/**
 * Where counters go: CloudWatch EMF in Lambda, an in-memory tally in the local runner and tests. Thread-safe
 * (every thread of an invocation counts into it); no argument is null. It calls no remote service, so it throws
 * only for a name or dimension it cannot write, a bug that fails the caller like any unexpected error.
 */
public interface MetricsSink {

    void count(String name, double value, Map<String, String> dimensions);

    default void count(String name, Map<String, String> dimensions) {
        count(name, 1, dimensions);
    }

    /** Called at the end of an invocation; EMF writes its buffered metrics here. */
    default void flush() {
    }

    MetricsSink NONE = (name, value, dimensions) -> {
    };

    /**
     * Dimension names no metric may carry: their values are unbounded, and every distinct name and dimension set is
     * a billed custom metric, so a tenant dimension multiplies the metrics bill by the tenants. Per-tenant detail
     * goes to the JSON logs (which carry the tenant) and the run records.
     */
    Set<String> UNBOUNDED_DIMENSIONS = Set.of("tenant", "tenantId");

    /** Refuses a dimension from {@link #UNBOUNDED_DIMENSIONS}, naming metric and dimension. */
    static void requireBounded(String name, Map<String, String> dimensions) {
        for (String key : dimensions.keySet()) {
            if (UNBOUNDED_DIMENSIONS.contains(key)) {
                throw new IllegalArgumentException("metric " + name + " has dimension '" + key
                        + "': its values are unbounded and each would be a billed metric; log it instead");
            }
        }
    }
}
