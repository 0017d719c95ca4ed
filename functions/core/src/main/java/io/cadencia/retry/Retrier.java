package io.cadencia.retry;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The one retry loop: makes a call, and after a failure pauses as the {@link RetryPolicy} says, through the
 * {@link Sleeper} (a real pause in Lambda, a move of the simulated clock locally), and calls again. It gives up
 * when the attempts are spent, when the pause and what the caller needs after it ({@code reserve}: the next call)
 * would not fit in its {@link TimeBudget} (the job's deadline), when a call that is not safe to repeat failed in a
 * way that may have reached the other side, or when the thread is interrupted. The call decides what is done and
 * what is worth another try; an exception it throws ends the loop as it is.
 */
public record Retrier(RetryPolicy policy, Sleeper sleeper, RandomGenerator random) {

    /** One try of the call. */
    @FunctionalInterface
    public interface Call<T> {
        Attempt<T> attempt();
    }

    /** What one try gave. */
    public sealed interface Attempt<T> {

        /** The result to return: a success, or a failure that another try would not mend. */
        record Done<T>(T value) implements Attempt<T> {
        }

        /**
         * A failure another try may mend.
         *
         * @param retryAfter       when the server said to come back, if it did
         * @param possiblyReceived the request may have reached the other side and been acted on (a timeout, a 5xx)
         * @param cause            the exception that reported the failure, for a caller that rethrows it on giving up
         */
        record Failed<T>(String reason, Optional<Duration> retryAfter, boolean possiblyReceived,
                         Optional<RuntimeException> cause) implements Attempt<T> {
        }

        static <T> Attempt<T> done(T value) {
            return new Done<>(value);
        }

        /** A failure that may have reached the other side. */
        static <T> Attempt<T> failed(String reason) {
            return new Failed<>(reason, Optional.empty(), true, Optional.empty());
        }

        static <T> Attempt<T> failed(RuntimeException cause) {
            return new Failed<>(String.valueOf(cause.getMessage()), Optional.empty(), true, Optional.of(cause));
        }

        static <T> Attempt<T> failed(String reason, Optional<Duration> retryAfter, boolean possiblyReceived) {
            return new Failed<>(reason, retryAfter, possiblyReceived, Optional.empty());
        }
    }

    /** Why the loop stopped without a result. */
    public enum Stop {
        ATTEMPTS_SPENT, DEADLINE, NOT_SAFE_TO_REPEAT, INTERRUPTED
    }

    /** The end of the loop. */
    public sealed interface Outcome<T> {

        record Succeeded<T>(T value) implements Outcome<T> {
        }

        /** @param attempts the calls made, the last of which failed as {@code last} */
        record GaveUp<T>(Stop why, Attempt.Failed<T> last, int attempts) implements Outcome<T> {
        }
    }

    /** Runs without a time limit: for pauses short enough not to matter to the caller's deadline. */
    public <T> Outcome<T> run(Call<T> call) {
        return run(TimeBudget.UNLIMITED, Duration.ZERO, call);
    }

    public <T> Outcome<T> run(TimeBudget budget, Duration reserve, Call<T> call) {
        for (int attempts = 1; ; attempts++) {
            Attempt.Failed<T> failed;
            switch (call.attempt()) {
                case Attempt.Done<T>(T value) -> {
                    return new Outcome.Succeeded<>(value);
                }
                case Attempt.Failed<T> f -> failed = f;
            }
            if (failed.possiblyReceived() && policy.repeat() == RetryPolicy.Repeat.ONLY_IF_NOT_SENT) {
                return new Outcome.GaveUp<>(Stop.NOT_SAFE_TO_REPEAT, failed, attempts);
            }
            Optional<Duration> pause = policy.nextDelay(attempts, failed.retryAfter(), random);
            if (pause.isEmpty()) {
                return new Outcome.GaveUp<>(Stop.ATTEMPTS_SPENT, failed, attempts);
            }
            if (!budget.allows(pause.get().plus(reserve))) {
                return new Outcome.GaveUp<>(Stop.DEADLINE, failed, attempts);
            }
            try {
                sleeper.sleep(pause.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome.GaveUp<>(Stop.INTERRUPTED, failed, attempts);
            }
            // A pause that overran (a busy host) must not start a call there is no time left for.
            if (!budget.allows(reserve)) {
                return new Outcome.GaveUp<>(Stop.DEADLINE, failed, attempts);
            }
        }
    }
}
