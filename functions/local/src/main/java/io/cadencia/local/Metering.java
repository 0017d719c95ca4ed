package io.cadencia.local;

import io.cadencia.aws.AwsCallRecorder;
import io.cadencia.observability.MetricsSink;
import io.cadencia.retry.Sleeper;

import java.util.Optional;

/**
 * What a {@link LocalEnvironment} lets an observer measure of each function (the cost model): its metrics, its
 * pauses, its invocations and its AWS calls. {@link #NONE} measures nothing.
 */
public interface Metering {

    Metering NONE = new Metering() {
    };

    /** Measures nothing but the functions' AWS calls, into {@code recorder}. */
    static Metering recording(AwsCallRecorder recorder) {
        return new Metering() {
            @Override
            public Optional<AwsCallRecorder> awsCalls() {
                return Optional.of(recorder);
            }
        };
    }

    /** The sink the function's composition root counts into, given the environment's shared one. */
    default MetricsSink metrics(String function, MetricsSink shared) {
        return shared;
    }

    /** How the function pauses, given how it would. */
    default Sleeper sleeper(String function, Sleeper sleeper) {
        return sleeper;
    }

    /**
     * Records the functions' AWS calls, each under its function's logical id: each function then gets its own clients,
     * as its Lambda container would. Empty: every function shares the stack's clients and nothing is recorded.
     */
    default Optional<AwsCallRecorder> awsCalls() {
        return Optional.empty();
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
