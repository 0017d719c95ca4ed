package io.cadencia.work;

import io.cadencia.retry.TimeBudget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The instant by which a job must have finished its work: the Lambda invocation's end, less the time the worker
 * needs afterwards to record the run. A job stops taking new items when the time left cannot cover one more item;
 * the next tick continues where it stopped.
 *
 * <p>The deadline is explicit in {@link JobContext}. It is also bound to the running thread while the job runs
 * ({@link #within}), in the way gRPC propagates call deadlines, so that waits deep inside adapters (a HubSoft rate
 * limiter wait, a backoff, a token renewal lease) can be bounded by it without every port carrying a parameter.
 */
public record Deadline(Instant at, Clock clock) implements TimeBudget {

    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

    public Deadline {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(clock, "clock");
    }

    public static Deadline after(Clock clock, Duration budget) {
        return new Deadline(clock.instant().plus(budget), clock);
    }

    /** Time left; zero or negative once passed. */
    public Duration remaining() {
        return Duration.between(clock.instant(), at);
    }

    /** True when {@code work} still fits before the deadline. */
    @Override
    public boolean allows(Duration work) {
        return remaining().compareTo(work) >= 0;
    }

    public boolean passed() {
        return !clock.instant().isBefore(at);
    }

    /** The deadline of the job running on this thread, if any. */
    public static Optional<Deadline> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * The longest a wait on this thread may take: {@code wanted}, cut to the running job's remaining time less
     * {@code reserve} (what the caller still needs after the wait). Never negative.
     */
    public static Duration boundedWait(Duration wanted, Duration reserve) {
        Duration bounded = current().map(d -> d.remaining().minus(reserve)).filter(left -> left.compareTo(wanted) < 0).orElse(wanted);
        return bounded.isNegative() ? Duration.ZERO : bounded;
    }

    /** Runs {@code body} with this deadline bound to the current thread, restoring the previous binding after. */
    public <T> T within(Callable<T> body) throws Exception {
        Deadline previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return body.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
