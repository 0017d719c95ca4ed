package io.cadencia.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.CircuitBreaker;
import io.cadencia.local.SimulatedService.Outage;
import io.cadencia.local.evolution.EvolutionSimulator;
import io.cadencia.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InstanceGuardSimulatorTest {

    private static final String NUMBER = "5537988242968";

    private final EvolutionSimulator sim = new EvolutionSimulator("global", Clock.systemUTC());
    private final EvolutionClient client = new EvolutionClient(new ObjectMapper(),
            new EvolutionClient.Settings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ZERO));
    private final EvolutionInstance acme;
    private final EvolutionInstance beta;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    InstanceGuardSimulatorTest() {
        sim.addInstance("acme", "acme-key");
        sim.addInstance("beta", "beta-key");
        acme = new EvolutionInstance(sim.baseUrl(), "acme", "acme-key");
        beta = new EvolutionInstance(sim.baseUrl(), "beta", "beta-key");
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        sim.close();
    }

    private InstanceGuard guard(int failureThreshold, Duration openDelay, Sleeper sleeper) {
        return new InstanceGuard(client,
                new InstanceGuard.Settings(failureThreshold, openDelay, 1, Duration.ofMillis(2), Duration.ofMillis(8)),
                Clock.systemUTC(), new SplittableRandom(1), sleeper);
    }

    @Test
    void breakerOpensAfterNTemporaryFailuresAndStopsCallingTheGateway() {
        InstanceGuard guard = guard(3, Duration.ofMinutes(5), Sleeper.REAL);
        sim.closeInstance("acme");

        for (int i = 0; i < 3; i++) {
            assertThat(guard.send(acme, NUMBER, "m" + i)).isEqualTo(new SendResult.TemporaryFailure("HTTP 500: Connection Closed"));
        }
        for (int i = 0; i < 10; i++) {
            assertThat(guard.send(acme, NUMBER, "m" + i))
                    .isEqualTo(new SendResult.TemporaryFailure("circuit open for instance acme"));
        }
        assertThat(sim.requestCount("acme")).isEqualTo(3);
        assertThat(guard.circuitState(acme)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(guard.send(beta, NUMBER, "m")).isInstanceOf(SendResult.Sent.class);
    }

    @Test
    void connectionClosed400sForCachedNumbersCountAsFailuresAndOpenTheBreaker() {
        InstanceGuard guard = guard(3, Duration.ofMinutes(5), Sleeper.REAL);
        new EvolutionClient(new com.fasterxml.jackson.databind.ObjectMapper()).whatsappNumbers(acme, java.util.List.of(NUMBER));
        sim.setState("acme", EvolutionSimulator.State.CONNECTING);
        for (int i = 0; i < 3; i++) {
            assertThat(guard.send(acme, NUMBER, "m" + i)).isEqualTo(new SendResult.TemporaryFailure("HTTP 400: Error: Connection Closed"));
        }
        assertThat(guard.circuitState(acme)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(guard.send(acme, NUMBER, "m")).isInstanceOf(SendResult.TemporaryFailure.class);
        assertThat(sim.sendRequestCount("acme")).as("the open breaker keeps the 4th send off the gateway").isEqualTo(3);
    }

    @Test
    void gatewayOutageOpensTheBreakerThenAHealthCheckedProbeRecovers() {
        Duration openDelay = Duration.ofMillis(200);
        InstanceGuard guard = guard(2, openDelay, Sleeper.REAL);
        sim.goDown(Outage.SERVICE_UNAVAILABLE);
        guard.send(acme, NUMBER, "a");
        guard.send(acme, NUMBER, "a");
        assertThat(guard.circuitState(acme)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(sim.requestCount("acme")).isEqualTo(2);

        sim.comeBack();
        sim.closeInstance("acme");
        await().pollDelay(openDelay).atMost(Duration.ofSeconds(2)).until(() -> guard.send(acme, NUMBER, "a")
                .equals(new SendResult.TemporaryFailure("health check failed for instance acme: close")));
        assertThat(sim.sendRequestCount("acme")).as("the probe asked for the state, it did not send").isEqualTo(2);

        sim.setState("acme", EvolutionSimulator.State.OPEN);
        await().pollDelay(openDelay).atMost(Duration.ofSeconds(2))
                .until(() -> guard.send(acme, NUMBER, "a") instanceof SendResult.Sent);
        assertThat(guard.circuitState(acme)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(guard.send(acme, NUMBER, "b")).isInstanceOf(SendResult.Sent.class);
        assertThat(sim.sentCount()).isEqualTo(2);
    }

    @Test
    void concurrentSendsForOneInstanceNeverOverlapAtTheGateway() throws Exception {
        sim.setResponseDelay("acme", Duration.ofMillis(10));
        sim.setResponseDelay("beta", Duration.ofMillis(10));
        InstanceGuard guard = guard(3, Duration.ofMinutes(1), Sleeper.REAL);

        List<Callable<SendResult>> sends = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String text = "fatura " + i;
            sends.add(() -> guard.send(acme, NUMBER, text));
            sends.add(() -> guard.send(beta, NUMBER, text));
        }
        for (Future<SendResult> f : pool.invokeAll(sends)) {
            assertThat(f.get()).isInstanceOf(SendResult.Sent.class);
        }
        assertThat(sim.maxSendsInFlight("acme")).isEqualTo(1);
        assertThat(sim.maxSendsInFlight("beta")).isEqualTo(1);
        assertThat(sim.sentCount()).isEqualTo(32);
        assertThat(sim.duplicateSends()).isZero();
    }

    @Test
    void withoutTheGuardTheSimulatorDoesSeeOverlap() throws Exception {
        sim.setResponseDelay("acme", Duration.ofMillis(50));
        List<Callable<SendResult>> sends = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String text = "fatura " + i;
            sends.add(() -> client.sendText(acme, NUMBER, text));
        }
        pool.invokeAll(sends);
        assertThat(sim.maxSendsInFlight("acme")).isGreaterThan(1);
    }
}
