package io.cadencia.retry;

import io.cadencia.retry.Retrier.Attempt;
import io.cadencia.retry.Retrier.Outcome;
import io.cadencia.retry.Retrier.Stop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetrierTest {

    /** Pauses 1 s, 2 s, 4 s, … (the top of each range), at most 4 attempts. */
    private static final RetryPolicy POLICY = RetryPolicy.exponential(4, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));

    /** A time line the pauses move along, with a limit the budget measures them against. */
    private static final class Timeline implements Sleeper, TimeBudget {
        final List<Duration> pauses = new ArrayList<>();
        final Duration limit;
        Duration elapsed = Duration.ZERO;

        Timeline(Duration limit) {
            this.limit = limit;
        }

        @Override
        public void sleep(Duration pause) {
            pauses.add(pause);
            elapsed = elapsed.plus(pause);
        }

        @Override
        public boolean allows(Duration work) {
            return elapsed.plus(work).compareTo(limit) <= 0;
        }
    }

    private final Timeline time = new Timeline(Duration.ofHours(1));
    private int calls;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    /** A call answering with {@code attempts} in turn, counting the calls. */
    @SafeVarargs
    private Retrier.Call<String> answering(Attempt<String>... attempts) {
        Iterator<Attempt<String>> next = List.of(attempts).iterator();
        return () -> {
            calls++;
            return next.next();
        };
    }

    private Outcome<String> run(RetryPolicy policy, Timeline timeline, Duration reserve, Retrier.Call<String> call) {
        return new Retrier(policy, timeline, Draws.HIGHEST).run(timeline, reserve, call);
    }

    @Test
    void triesAgainAfterEachFailurePausingThroughTheSleeper() {
        Outcome<String> outcome = run(POLICY, time, Duration.ZERO,
                answering(Attempt.failed("-> 503"), Attempt.failed("-> 503"), Attempt.done("ok")));

        assertThat(outcome).isEqualTo(new Outcome.Succeeded<>("ok"));
        assertThat(calls).isEqualTo(3);
        assertThat(time.pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void givesUpWithTheLastFailureOnceTheAttemptsAreSpent() {
        Outcome<String> outcome = run(POLICY, time, Duration.ZERO, answering(Attempt.failed("first"), Attempt.failed("second"),
                Attempt.failed("third"), Attempt.failed("fourth"), Attempt.done("never reached")));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.GaveUp.class, gaveUp -> {
            assertThat(gaveUp.why()).isEqualTo(Stop.ATTEMPTS_SPENT);
            assertThat(gaveUp.attempts()).isEqualTo(4);
            assertThat(gaveUp.last().reason()).isEqualTo("fourth");
        });
        assertThat(time.pauses).hasSize(3);
    }

    @Test
    void stopsRatherThanPauseIntoTheTimeTheNextCallNeeds() {
        Timeline tight = new Timeline(Duration.ofSeconds(10));
        Outcome<String> outcome = run(POLICY, tight, Duration.ofSeconds(3),
                answering(Attempt.failed("a"), Attempt.failed("b"), Attempt.failed("c"), Attempt.done("ok")));

        // Each of 1 s, 2 s and 4 s still leaves the 3 s reserve before 10 s; the call then succeeds.
        assertThat(tight.pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(outcome).isEqualTo(new Outcome.Succeeded<>("ok"));

        Timeline tighter = new Timeline(Duration.ofSeconds(9));
        Outcome<String> cut = run(POLICY, tighter, Duration.ofSeconds(3),
                answering(Attempt.failed("a"), Attempt.failed("b"), Attempt.failed("c"), Attempt.done("ok")));
        assertThat(cut).isInstanceOfSatisfying(Outcome.GaveUp.class, gaveUp -> {
            assertThat(gaveUp.why()).isEqualTo(Stop.DEADLINE);
            assertThat(gaveUp.attempts()).isEqualTo(3);
        });
        assertThat(tighter.limit.minus(tighter.elapsed)).as("the reserve is left for the caller").isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void pausesAtLeastTheServersRetryAfterWhenThePolicyHonoursIt() {
        Attempt<String> slowDown = Attempt.failed("-> 429", Optional.of(Duration.ofSeconds(20)), false);

        run(POLICY.honouringRetryAfter(), time, Duration.ZERO, answering(slowDown, Attempt.done("ok")));
        assertThat(time.pauses).containsExactly(Duration.ofSeconds(20));

        Timeline ignoring = new Timeline(Duration.ofHours(1));
        run(POLICY, ignoring, Duration.ZERO, answering(slowDown, Attempt.done("ok")));
        assertThat(ignoring.pauses).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void aCallNotSafeToRepeatIsTriedAgainOnlyAfterFailuresThatProveItWasNotReceived() {
        RetryPolicy create = POLICY.repeat(RetryPolicy.Repeat.ONLY_IF_NOT_SENT);
        Attempt<String> refused = Attempt.failed("connection refused", Optional.empty(), false);
        Attempt<String> timedOut = Attempt.failed("timed out", Optional.empty(), true);

        Outcome<String> outcome = run(create, time, Duration.ZERO, answering(refused, timedOut, Attempt.done("created twice")));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.GaveUp.class, gaveUp -> {
            assertThat(gaveUp.why()).isEqualTo(Stop.NOT_SAFE_TO_REPEAT);
            assertThat(gaveUp.last().reason()).isEqualTo("timed out");
        });
        assertThat(calls).as("retried after the refusal, not after the timeout").isEqualTo(2);
        assertThat(time.pauses).hasSize(1);

        calls = 0;
        assertThat(run(POLICY, time, Duration.ZERO, answering(timedOut, Attempt.done("ok")))).isEqualTo(new Outcome.Succeeded<>("ok"));
        assertThat(calls).as("a safe call is repeated after any failure").isEqualTo(2);
    }

    @Test
    void anInterruptedPauseEndsTheLoopAndKeepsTheInterrupt() {
        Sleeper interrupted = pause -> {
            throw new InterruptedException();
        };
        Outcome<String> outcome = new Retrier(POLICY, interrupted, Draws.HIGHEST)
                .run(answering(Attempt.failed("-> 503"), Attempt.done("never reached")));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.GaveUp.class, gaveUp -> assertThat(gaveUp.why()).isEqualTo(Stop.INTERRUPTED));
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void anExceptionFromTheCallEndsTheLoopAsItIs() {
        Retrier.Call<String> broken = () -> {
            calls++;
            throw new IllegalStateException("-> 400");
        };
        assertThatThrownBy(() -> run(POLICY, time, Duration.ZERO, broken)).hasMessage("-> 400");
        assertThat(calls).isEqualTo(1);
        assertThat(time.pauses).isEmpty();
    }

    @Test
    void theFailuresExceptionStaysAvailableToRethrow() {
        IllegalStateException conflict = new IllegalStateException("TransactionConflict");
        Outcome<String> outcome = run(POLICY, time, Duration.ZERO, () -> Attempt.failed(conflict));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.GaveUp.class, gaveUp -> assertThat(gaveUp.last().cause()).containsSame(conflict));
    }
}
