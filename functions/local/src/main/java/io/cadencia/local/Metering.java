package io.cadencia.local;

import io.cadencia.observability.MetricsSink;
import io.cadencia.retry.Sleeper;

/**
 * What a {@link LocalEnvironment} lets an observer measure of each function (the cost model): its metrics, its
 * pauses and its invocations. {@link #NONE} measures nothing.
 */
public interface Metering {

    Metering NONE = new Metering() {
    };

    /** The sink the function's composition root counts into, given the environment's shared one. */
    default MetricsSink metrics(String function, MetricsSink shared) {
        return shared;
    }

    /** How the function pauses, given how it would. */
    default Sleeper sleeper(String function, Sleeper sleeper) {
        return sleeper;
    }

    /** An invocation of the function starts; the returned handle is ended when it returns or throws. */
    default Invocation begin(String function) {
        return () -> {
        };
    }

    @FunctionalInterface
    interface Invocation {
        void end();
    }
}
