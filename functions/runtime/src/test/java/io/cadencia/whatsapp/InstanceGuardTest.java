package io.cadencia.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsafe.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstanceGuardTest {

    private static final EvolutionInstance ACME = new EvolutionInstance("http://gw", "acme", "k1");
    private static final EvolutionInstance BETA = new EvolutionInstance("http://gw", "beta", "k2");

    /** Replies from a script; an empty script means Sent. */
    private static final class ScriptedGateway implements EvolutionGateway {
        final Deque<SendResult> script = new ArrayDeque<>();
        ConnectionState state = ConnectionState.OPEN;
        int sends;
        int stateChecks;

        @Override
        public SendResult sendText(EvolutionInstance instance, String numberDigits, String text) {
            sends++;
            return script.isEmpty() ? new SendResult.Sent("id" + sends) : script.poll();
        }

        @Override
        public ConnectionState connectionState(EvolutionInstance instance) {
            stateChecks++;
            return state;
        }
    }

    private final ScriptedGateway gateway = new ScriptedGateway();
    private final List<Duration> sleeps = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T12:00:00Z"), ZoneOffset.UTC);

    private InstanceGuard guard(int failureThreshold, Duration openDelay) {
        return new InstanceGuard(gateway,
                new InstanceGuard.Settings(failureThreshold, openDelay, 1, Duration.ofMillis(1000), Duration.ofMillis(3000)),
                clock, new SplittableRandom(7), sleeps::add);
    }

    @Test
    void consecutiveSendsToOneInstanceAreSpacedByAJitteredGap() {
        InstanceGuard guard = guard(3, Duration.ofMinutes(1));
        for (int i = 0; i < 20; i++) {
            guard.send(ACME, "5537988242968", "m" + i);
        }
        assertThat(sleeps).hasSize(19)
                .allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(1000), Duration.ofMillis(3000)));
        assertThat(sleeps.stream().distinct().count()).as("jittered, not constant").isGreaterThan(1);
    }

    @Test
    void firstSendPerInstanceDoesNotWait() {
        InstanceGuard guard = guard(3, Duration.ofMinutes(1));
        guard.send(ACME, "5537988242968", "a");
        guard.send(BETA, "5537988242968", "b");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void breakerOpensAfterConsecutiveTemporaryFailuresAndStopsCalling() {
        InstanceGuard guard = guard(3, Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            gateway.script.add(new SendResult.TemporaryFailure("HTTP 500: Connection Closed"));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(guard.send(ACME, "5537988242968", "m")).isInstanceOf(SendResult.TemporaryFailure.class);
        }
        assertThat(guard.circuitState(ACME)).isEqualTo(CircuitBreaker.State.OPEN);

        assertThat(guard.send(ACME, "5537988242968", "m"))
                .isEqualTo(new SendResult.TemporaryFailure("circuit open for instance acme"));
        assertThat(gateway.sends).isEqualTo(3);
        assertThat(guard.send(BETA, "5537988242968", "m")).isInstanceOf(SendResult.Sent.class);
    }

    @Test
    void permanentFailuresDoNotOpenTheBreaker() {
        InstanceGuard guard = guard(2, Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            gateway.script.add(new SendResult.PermanentFailure("number not on WhatsApp: 5537988242968"));
        }
        for (int i = 0; i < 5; i++) {
            guard.send(ACME, "5537988242968", "m");
        }
        assertThat(guard.circuitState(ACME)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(gateway.sends).isEqualTo(5);
    }

    @Test
    void halfOpenProbeChecksConnectionStateBeforeSending() throws InterruptedException {
        InstanceGuard guard = guard(1, Duration.ofMillis(50));
        gateway.script.add(new SendResult.TemporaryFailure("HTTP 500: Connection Closed"));
        guard.send(ACME, "5537988242968", "m");
        assertThat(guard.circuitState(ACME)).isEqualTo(CircuitBreaker.State.OPEN);

        gateway.state = ConnectionState.CLOSE;
        Thread.sleep(80);
        assertThat(guard.send(ACME, "5537988242968", "m"))
                .isEqualTo(new SendResult.TemporaryFailure("health check failed for instance acme: close"));
        assertThat(gateway.sends).as("probe must not spend a real message").isEqualTo(1);
        assertThat(guard.circuitState(ACME)).isEqualTo(CircuitBreaker.State.OPEN);

        gateway.state = ConnectionState.OPEN;
        Thread.sleep(80);
        assertThat(guard.send(ACME, "5537988242968", "m")).isInstanceOf(SendResult.Sent.class);
        assertThat(guard.circuitState(ACME)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(gateway.stateChecks).isEqualTo(2);

        guard.send(ACME, "5537988242968", "m");
        assertThat(gateway.stateChecks).as("no health check once closed").isEqualTo(2);
    }

    @Test
    void invalidNumbersAreRejectedBeforeTouchingTheBreakerOrGateway() {
        InstanceGuard guard = guard(1, Duration.ofMinutes(1));
        assertThatThrownBy(() -> guard.send(ACME, "+55 (37) 98824-2968", "m")).isInstanceOf(IllegalArgumentException.class);
        assertThat(gateway.sends).isZero();
        assertThat(guard.circuitState(ACME)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void anUnexpectedExceptionDuringAProbeDoesNotWedgeTheBreaker() throws InterruptedException {
        EvolutionGateway exploding = new EvolutionGateway() {
            int calls;

            @Override
            public SendResult sendText(EvolutionInstance instance, String numberDigits, String text) {
                calls++;
                if (calls == 1) {
                    return new SendResult.TemporaryFailure("HTTP 503");
                }
                if (calls == 2) {
                    throw new IllegalStateException("bug");
                }
                return new SendResult.Sent("ok");
            }

            @Override
            public ConnectionState connectionState(EvolutionInstance instance) {
                return ConnectionState.OPEN;
            }
        };
        InstanceGuard guard = new InstanceGuard(exploding,
                new InstanceGuard.Settings(1, Duration.ofMillis(30), 1, Duration.ZERO, Duration.ZERO),
                clock, new SplittableRandom(7), sleeps::add);
        guard.send(ACME, "5537988242968", "m");
        Thread.sleep(50);
        assertThatThrownBy(() -> guard.send(ACME, "5537988242968", "m")).isInstanceOf(IllegalStateException.class);
        Thread.sleep(50);
        assertThat(guard.send(ACME, "5537988242968", "m")).isEqualTo(new SendResult.Sent("ok"));
        assertThat(guard.circuitState(ACME)).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
