package io.cadencia.observability;

import java.util.Map;

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
}
