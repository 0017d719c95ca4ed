package io.cadencia.observability;

import java.util.Map;

/** Where counters go: CloudWatch EMF in Lambda, an in-memory tally in the local runner and tests. */
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
}
