package io.cadencia.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadencia.local.SimulatedService.Outage;
import io.cadencia.local.evolution.EvolutionSimulator;
import io.cadencia.local.evolution.EvolutionSimulator.AcceptedMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EvolutionClientSimulatorTest {

    private static final String GLOBAL_KEY = "global-K3Y-do-not-leak";
    private static final String ACME_KEY = "acme-K3Y-do-not-leak";
    private static final String NUMBER = "5537988242968";
    private static final Instant NOW = Instant.parse("2026-01-05T12:00:00Z");

    private final EvolutionSimulator sim = new EvolutionSimulator(GLOBAL_KEY, Clock.fixed(NOW, ZoneOffset.UTC));
    private final EvolutionClient client = new EvolutionClient(new ObjectMapper(),
            new EvolutionClient.Settings(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ZERO));
    private final EvolutionInstance acme;

    EvolutionClientSimulatorTest() {
        sim.addInstance("acme", ACME_KEY);
        acme = new EvolutionInstance(sim.baseUrl(), "acme", ACME_KEY);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void createdIsSentWithTheGatewayMessageId() {
        SendResult result = client.sendText(acme, NUMBER, "Olá, sua fatura vence amanhã");

        AcceptedMessage accepted = sim.acceptedMessages().get(0);
        assertThat(result).isEqualTo(new SendResult.Sent(accepted.id()));
        assertThat(accepted).isEqualTo(new AcceptedMessage("acme", NUMBER, "Olá, sua fatura vence amanhã", accepted.id(), NOW));
        assertThat(sim.sentCount()).isEqualTo(1);
    }

    @Test
    void everyFailureIsClassified() {
        sim.addMissingNumber("5511900000000");
        assertThat(client.sendText(acme, "5511900000000", "x"))
                .isEqualTo(new SendResult.PermanentFailure("number not on WhatsApp: 5511900000000"));
        assertThat(client.sendText(acme, NUMBER, ""))
                .isEqualTo(new SendResult.PermanentFailure("HTTP 400: Text is required"));
        assertThat(client.sendText(new EvolutionInstance(sim.baseUrl(), "acme", "wrong"), NUMBER, "x"))
                .isEqualTo(new SendResult.InstanceRejected("apikey rejected for instance acme: HTTP 401: Unauthorized"));
        assertThat(client.sendText(new EvolutionInstance(sim.baseUrl(), "ghost", GLOBAL_KEY), NUMBER, "x"))
                .isEqualTo(new SendResult.InstanceRejected(
                        "unknown instance ghost: HTTP 404: The \"ghost\" instance does not exist"));

        sim.closeInstance("acme");
        assertThat(client.sendText(acme, NUMBER, "x")).isEqualTo(new SendResult.TemporaryFailure("HTTP 500: Connection Closed"));
        sim.setState("acme", EvolutionSimulator.State.OPEN);

        sim.failNextSends("acme", 1);
        assertThat(client.sendText(acme, NUMBER, "x")).isEqualTo(new SendResult.TemporaryFailure("HTTP 500: Connection Closed"));
        assertThat(client.sendText(acme, NUMBER, "x")).isInstanceOf(SendResult.Sent.class);

        sim.goDown(Outage.SERVICE_UNAVAILABLE);
        assertThat(client.sendText(acme, NUMBER, "y")).isEqualTo(new SendResult.TemporaryFailure("HTTP 503: Service Unavailable"));
        sim.comeBack();

        assertThat(sim.sentCount()).isEqualTo(1);
    }

    @Test
    void aSlowResponseLeavesTheSendUnconfirmedAndTheStoreTellsItWentOut() {
        sim.setResponseDelay("acme", Duration.ofMillis(1_500));
        assertThat(client.sendText(acme, NUMBER, "x"))
                .isEqualTo(new SendResult.Unconfirmed(
                        "timeout after 500 ms calling " + sim.baseUrl() + " for instance acme"));
        sim.setResponseDelay("acme", Duration.ZERO);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.sentCount() == 1);
        assertThat(client.findSent(acme, NUMBER, EvolutionClient.sha256("x"), NOW.minusSeconds(60), NOW.plusSeconds(60)))
                .isInstanceOf(SentLookup.Found.class);
        assertThat(client.findSent(acme, NUMBER, EvolutionClient.sha256("another text"), NOW.minusSeconds(60), NOW.plusSeconds(60)))
                .isEqualTo(new SentLookup.NotFound());
        assertThat(client.findSent(acme, "5511977776666", EvolutionClient.sha256("x"), NOW.minusSeconds(60), NOW.plusSeconds(60)))
                .isEqualTo(new SentLookup.NotFound());
    }

    @Test
    void refusedConnectionIsTemporaryAndTheGatewayCanComeBack() {
        sim.goDown(Outage.REFUSE_CONNECTIONS);
        assertThat(client.sendText(acme, NUMBER, "x"))
                .isEqualTo(new SendResult.TemporaryFailure(
                        "connection refused calling " + sim.baseUrl() + " for instance acme"));
        assertThat(client.connectionState(acme)).isInstanceOf(ConnectionState.Unreachable.class);

        sim.comeBack();
        assertThat(client.sendText(acme, NUMBER, "x")).isInstanceOf(SendResult.Sent.class);
    }

    @Test
    void connectionStates() {
        assertThat(client.connectionState(acme)).isEqualTo(ConnectionState.OPEN);
        sim.setState("acme", EvolutionSimulator.State.CONNECTING);
        assertThat(client.connectionState(acme)).isEqualTo(ConnectionState.CONNECTING);
        sim.closeInstance("acme");
        assertThat(client.connectionState(acme)).isEqualTo(ConnectionState.CLOSE);
        assertThat(client.connectionState(new EvolutionInstance(sim.baseUrl(), "acme", "wrong")))
                .isEqualTo(new ConnectionState.Rejected("apikey rejected: HTTP 401: Unauthorized"));
    }

    @Test
    void numberChecks() {
        sim.addMissingNumber("5511900000000");
        assertThat(client.whatsappNumbers(acme, List.of(NUMBER, "5511900000000")))
                .extracting(NumberCheck::number, NumberCheck::exists)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(NUMBER, true),
                        org.assertj.core.groups.Tuple.tuple("5511900000000", false));
        sim.closeInstance("acme");
        assertThat(client.whatsappNumbers(acme, List.of(NUMBER))).as("answered from Evolution's number cache").hasSize(1);
        assertThatThrownBy(() -> client.whatsappNumbers(acme, List.of("5537911112222")))
                .isInstanceOfSatisfying(EvolutionException.class, e -> assertThat(e.temporary()).isTrue());
    }

    @Test
    void duplicateSendsCountRepeatedTextToTheSameNumberOnTheSameInstance() {
        sim.addInstance("beta", "beta-key");
        EvolutionInstance beta = new EvolutionInstance(sim.baseUrl(), "beta", "beta-key");

        client.sendText(acme, NUMBER, "lembrete D-3");
        client.sendText(acme, NUMBER, "lembrete D-1");
        client.sendText(acme, "5537911112222", "lembrete D-3");
        client.sendText(beta, NUMBER, "lembrete D-3");
        assertThat(sim.duplicateSends()).isZero();

        client.sendText(acme, NUMBER, "lembrete D-3");
        client.sendText(acme, NUMBER, "lembrete D-3");
        assertThat(sim.duplicateSends()).isEqualTo(2);
        assertThat(sim.sentCount()).isEqualTo(6);
    }

    @Test
    void noFailureReasonContainsTheApiKey() {
        EvolutionInstance withGlobalKey = new EvolutionInstance(sim.baseUrl(), "acme", GLOBAL_KEY);
        EvolutionInstance ghost = new EvolutionInstance(sim.baseUrl(), "ghost", GLOBAL_KEY);
        sim.addMissingNumber("5511900000000");
        List<String> reasons = new ArrayList<>();
        List<Supplier<SendResult>> attempts = List.of(
                () -> client.sendText(acme, "5511900000000", "x"),
                () -> client.sendText(acme, NUMBER, ""),
                () -> client.sendText(new EvolutionInstance(sim.baseUrl(), "acme", ACME_KEY + "x"), NUMBER, "x"),
                () -> client.sendText(ghost, NUMBER, "x"),
                () -> {
                    sim.closeInstance("acme");
                    return client.sendText(withGlobalKey, NUMBER, "x");
                },
                () -> {
                    sim.goDown(Outage.SERVICE_UNAVAILABLE);
                    return client.sendText(acme, NUMBER, "x");
                },
                () -> {
                    sim.goDown(Outage.REFUSE_CONNECTIONS);
                    return client.sendText(acme, NUMBER, "x");
                });
        for (Supplier<SendResult> attempt : attempts) {
            SendResult result = attempt.get();
            assertThat(result).isNotInstanceOf(SendResult.Sent.class);
            reasons.add(result.toString());
        }
        ConnectionState down = client.connectionState(acme);
        reasons.add(down.toString());
        assertThatThrownBy(() -> client.whatsappNumbers(acme, List.of(NUMBER)))
                .satisfies(e -> reasons.add(e.getMessage()));
        reasons.add(acme.toString());

        assertThat(reasons).hasSize(10).allSatisfy(reason -> assertThat(reason)
                .doesNotContain(ACME_KEY).doesNotContain(GLOBAL_KEY).doesNotContain("K3Y"));
    }
}
