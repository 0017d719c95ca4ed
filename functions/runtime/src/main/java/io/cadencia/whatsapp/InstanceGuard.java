package io.cadencia.whatsapp;

import dev.failsafe.CircuitBreaker;
import io.cadencia.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * Protects each tenant's WhatsApp instance: one circuit breaker and one send lane per instance.
 *
 * <p>The lane serialises sends and spaces them by a random gap, because parallel or metronomic
 * sends from one number are what gets WhatsApp numbers banned. It only covers this JVM: across
 * Lambda containers the queue must deliver one instance's messages in order (an SQS FIFO message
 * group per instance).
 *
 * <p>The breaker opens after {@code failureThreshold} consecutive temporary failures, so an
 * offline gateway or a disconnected phone costs one fast {@link SendResult.TemporaryFailure} per
 * message instead of a timeout each. After {@code openDelay} the next send is a probe: it first
 * asks the instance's connection state and only sends when the state is open. Permanent failures
 * count as successes: the gateway answered, the fault is the message's. A 400 Evolution raised while sending
 * ("Error: Connection Closed") is temporary (see {@code EvolutionResponses}), so it counts as a failure.
 *
 * <p>Failsafe's breaker measures {@code openDelay} with {@link System#nanoTime()} and cannot take a
 * {@link Clock}; the injected clock only drives the send gap. Tests of the half-open transition use
 * a short real delay.
 */
public final class InstanceGuard {

    public record Settings(int failureThreshold, Duration openDelay, int successThreshold, Duration minGap, Duration maxGap) {
        /** Gaps of 1–3 s between one instance's sends, following community ban-avoidance advice. */
        public static final Settings DEFAULTS =
                new Settings(5, Duration.ofMinutes(1), 1, Duration.ofSeconds(1), Duration.ofSeconds(3));

        public Settings {
            Objects.requireNonNull(openDelay, "openDelay");
            Objects.requireNonNull(minGap, "minGap");
            Objects.requireNonNull(maxGap, "maxGap");
            if (failureThreshold < 1 || successThreshold < 1) {
                throw new IllegalArgumentException("thresholds must be >= 1");
            }
            if (minGap.isNegative() || maxGap.compareTo(minGap) < 0) {
                throw new IllegalArgumentException("need 0 <= minGap <= maxGap");
            }
        }
    }

    private final EvolutionGateway gateway;
    private final Settings settings;
    private final Clock clock;
    private final RandomGenerator random;
    private final Sleeper sleeper;
    private final ConcurrentMap<String, Lane> lanes = new ConcurrentHashMap<>();

    public InstanceGuard(EvolutionGateway gateway, Settings settings, Clock clock, RandomGenerator random, Sleeper sleeper) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    public SendResult send(EvolutionInstance instance, String numberDigits, String text) {
        EvolutionClient.requireSendable(numberDigits, text);
        Lane lane = lanes.computeIfAbsent(instance.key(), k -> new Lane(newBreaker()));
        try {
            lane.lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.TemporaryFailure("interrupted waiting for instance " + instance.instanceName());
        }
        try {
            // Checked under the lock: senders queued behind a failing call must see the breaker it opened.
            if (!lane.breaker.tryAcquirePermit()) {
                return circuitOpen(instance);
            }
            SendResult result;
            try {
                result = probeOrSend(lane, instance, numberDigits, text);
            } catch (RuntimeException unexpected) {
                // Every permit must be recorded, or a half-open breaker runs out of permits and never closes.
                lane.breaker.recordFailure();
                throw unexpected;
            }
            // An unconfirmed send is a transport failure too: the gateway did not answer in time. A permanent failure
            // or a refused instance is the gateway answering: a success for the breaker.
            switch (result) {
                case SendResult.TemporaryFailure t -> lane.breaker.recordFailure();
                case SendResult.Unconfirmed u -> lane.breaker.recordFailure();
                case SendResult.Sent s -> lane.breaker.recordSuccess();
                case SendResult.PermanentFailure p -> lane.breaker.recordSuccess();
                case SendResult.InstanceRejected r -> lane.breaker.recordSuccess();
            }
            return result;
        } finally {
            lane.lock.unlock();
        }
    }

    /** For health reporting; CLOSED for an instance that has not sent yet. */
    public CircuitBreaker.State circuitState(EvolutionInstance instance) {
        Lane lane = lanes.get(instance.key());
        return lane == null ? CircuitBreaker.State.CLOSED : lane.breaker.getState();
    }

    private SendResult probeOrSend(Lane lane, EvolutionInstance instance, String numberDigits, String text) {
        if (lane.breaker.isHalfOpen()) {
            ConnectionState state = gateway.connectionState(instance);
            if (!state.isOpen()) {
                return new SendResult.TemporaryFailure(
                        "health check failed for instance " + instance.instanceName() + ": " + state.describe());
            }
        }
        try {
            awaitGap(lane);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.TemporaryFailure("interrupted waiting for instance " + instance.instanceName());
        }
        try {
            return gateway.sendText(instance, numberDigits, text);
        } finally {
            lane.lastSendEnded = clock.instant();
        }
    }

    private void awaitGap(Lane lane) throws InterruptedException {
        if (lane.lastSendEnded == null) {
            return;
        }
        long min = settings.minGap().toMillis();
        long gapMillis = min + random.nextLong(settings.maxGap().toMillis() - min + 1);
        Duration remaining = Duration.between(clock.instant(), lane.lastSendEnded.plusMillis(gapMillis));
        if (!remaining.isNegative() && !remaining.isZero()) {
            sleeper.sleep(remaining);
        }
    }

    private static SendResult circuitOpen(EvolutionInstance instance) {
        return new SendResult.TemporaryFailure("circuit open for instance " + instance.instanceName());
    }

    private CircuitBreaker<Object> newBreaker() {
        return CircuitBreaker.builder()
                .withFailureThreshold(settings.failureThreshold())
                .withSuccessThreshold(settings.successThreshold())
                .withDelay(settings.openDelay())
                .build();
    }

    private static final class Lane {
        final CircuitBreaker<Object> breaker;
        // Fair, so queued messages for one instance go out roughly in arrival order.
        final ReentrantLock lock = new ReentrantLock(true);
        Instant lastSendEnded;

        Lane(CircuitBreaker<Object> breaker) {
            this.breaker = breaker;
        }
    }
}
