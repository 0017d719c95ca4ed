package io.cadencia.billing;

import io.cadencia.tenant.keys.TenantKeyKind;
import io.cadencia.catalogue.Job;
import io.cadencia.claim.Claim;
import io.cadencia.local.BillingData;
import io.cadencia.tenant.Tenant;
import io.cadencia.whatsapp.EvolutionClient;
import io.cadencia.work.RunRecord;
import io.cadencia.work.RunStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A send whose outcome is unknown is never repeated blindly: it is resolved by asking the gateway's message store,
 * on the embedded engines and the Evolution simulator, at production pacing.
 */
class UnconfirmedSendIT {

    static final Instant TUESDAY_10H = Instant.parse("2026-11-24T13:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    static BillingStack stack;
    static int n = 40_000;
    static Instant lastTick = TUESDAY_10H;

    @BeforeAll
    static void start() {
        stack = BillingStack.productionPacing(TUESDAY_10H, "unc");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /**
     * Each test ticks its own minute, since a tick is dispatched once, whichever test delivers it first; and the
     * minutes rise in the order the tests run, a minute apart: the dispatcher's active-tenant list was cached at the
     * previous tick, so a tenant a test has just created is dispatched only once that list is older than
     * TENANT_CACHE_TTL (30 s), which a tick at an earlier minute (the clock is reset per test) would never see.
     */
    private static Instant nextTickMinute() {
        lastTick = lastTick.plusSeconds(60);
        return lastTick;
    }

    @BeforeEach
    void resetClock() {
        stack.clock.set(TUESDAY_10H);
    }

    private record Due(Tenant tenant, String cycleId, String phone) {
        ReminderMessage message() {
            return stack.messages(tenant.id(), cycleId).get(0);
        }
    }

    private static Due oneDueNow() {
        Tenant tenant = stack.tenant(Map.of(BillingConfig.REMINDER_PLAN, "D0"));
        Map<String, Object> ingest = stack.ingest(tenant.id(), List.of(BillingData.valid("unc-" + (++n), n, TODAY.minusDays(1))));
        return new Due(tenant, stack.cycleId(ingest, 0), (String) BillingStack.result(ingest, 0).get("normalizedPhone"));
    }

    @Test
    void aResponseLostAfterTheGatewaySentIsConfirmedFromItsStoreAndNeverResent() {
        Due due = oneDueNow();
        stack.sim.dropNextResponses(stack.instanceOf(due.tenant()), 1);
        stack.send(due.tenant().id());
        assertThat(due.message().status()).isEqualTo(MessageStatus.UNCONFIRMED);
        assertThat(stack.sentTo(due.phone())).hasSize(1);

        stack.send(due.tenant().id());
        assertThat(due.message().status()).as("not rechecked before the gateway has surely finished").isEqualTo(MessageStatus.UNCONFIRMED);

        stack.clock.advance(Duration.ofMinutes(2));
        stack.send(due.tenant().id());
        stack.send(due.tenant().id());
        ReminderMessage resolved = due.message();
        assertThat(resolved.status()).isEqualTo(MessageStatus.SENT);
        assertThat(resolved.providerMessageId()).isEqualTo(stack.sentTo(due.phone()).get(0).id());
        assertThat(stack.sentTo(due.phone())).hasSize(1);
        assertThat(stack.sim.duplicateSends()).isZero();
    }

    @Test
    void aStoredJidWithoutTheNinthDigitStillConfirmsTheSend() {
        Due due = oneDueNow();
        stack.sim.storeWithoutNinthDigit(due.phone().substring(1));
        stack.sim.dropNextResponses(stack.instanceOf(due.tenant()), 1);
        stack.send(due.tenant().id());
        stack.clock.advance(Duration.ofMinutes(2));
        stack.send(due.tenant().id());
        assertThat(due.message().status()).isEqualTo(MessageStatus.SENT);
        assertThat(stack.sentTo(due.phone())).hasSize(1);
    }

    @Test
    void aWorkerThatDiedAfterStartingTheCallLeavesAnUnconfirmedSendThatTheGatewayNeverGotSoItIsSentOnce() {
        Due due = oneDueNow();
        ReminderMessage message = due.message();
        Claim.Claimed claim = stack.sender().claim(message, "worker-that-dies").orElseThrow();
        assertThat(stack.billing().messages().beginSend(message, "worker-that-dies", claim.version(), stack.clock.instant(),
                EvolutionClient.sha256("the text it was about to send"))).isTrue();

        stack.clock.advance(Duration.ofMinutes(61));
        stack.send(due.tenant().id());
        assertThat(stack.sentTo(due.phone())).as("not resent while unconfirmed").isEmpty();
        assertThat(due.message().status()).isEqualTo(MessageStatus.PENDING);

        stack.send(due.tenant().id());
        assertThat(stack.sentTo(due.phone())).hasSize(1);
        assertThat(due.message().status()).isEqualTo(MessageStatus.SENT);
    }

    @Test
    void aWorkerThatDiedBeforeTheCallLeavesNothingAmbiguous() {
        Due due = oneDueNow();
        assertThat(stack.sender().claim(due.message(), "worker-that-dies")).isPresent();
        stack.clock.advance(Duration.ofMinutes(61));
        stack.send(due.tenant().id());
        assertThat(stack.sentTo(due.phone())).hasSize(1);
        assertThat(due.message().status()).isEqualTo(MessageStatus.SENT);
    }

    @Test
    void whenTheGatewayCannotSayTheSendStaysUnconfirmedThenFailsAsUnknownWithoutAResend() {
        Due due = oneDueNow();
        String instance = stack.instanceOf(due.tenant());
        stack.sim.dropNextResponses(instance, 1);
        stack.sim.setFindMessagesDown(instance, true);
        double unknownBefore = stack.env.metrics().total("MessagesOutcomeUnknown");
        stack.send(due.tenant().id());
        for (int hour = 0; hour < 23; hour++) {
            stack.clock.advance(Duration.ofHours(1));
            stack.send(due.tenant().id());
            assertThat(due.message().status()).isEqualTo(MessageStatus.UNCONFIRMED);
        }
        stack.clock.advance(Duration.ofHours(2));
        stack.send(due.tenant().id());
        ReminderMessage given = due.message();
        assertThat(given.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(given.lastError()).contains("outcome unknown");
        assertThat(stack.sentTo(due.phone())).hasSize(1);
        assertThat(stack.env.metrics().total("MessagesOutcomeUnknown")).isEqualTo(unknownBefore + 1);
    }

    @Test
    void aRejectedApikeyIsAFailedRunWithTheReasonAndTheMessagesStayPending() {
        Due due = oneDueNow();
        stack.env.app("ControlFunction").tenantKeys().save(due.tenant().tenantId(), TenantKeyKind.EVOLUTION, "a-wrong-key");
        String metric = "EvolutionMisconfigured";
        double before = stack.env.metrics().total(metric);
        Job job = stack.env.catalogue().require(MessageSender.JOB);
        Instant tick = nextTickMinute();
        stack.clock.set(tick);
        stack.env.tick(job, tick);
        stack.env.drain("critico");

        assertThat(due.message().status()).isEqualTo(MessageStatus.PENDING);
        assertThat(stack.sentTo(due.phone())).isEmpty();
        // Metrics carry no tenant: another tenant of this class woken by the same tick may count too; the run record
        // below is this tenant's.
        assertThat(stack.env.metrics().total(metric)).isGreaterThanOrEqualTo(before + 1);
        RunRecord run = stack.env.app("ControlFunction").runs().byTenant(due.tenant().id(), 10).stream()
                .filter(r -> r.job().equals(MessageSender.JOB)).findFirst().orElseThrow();
        assertThat(run.result()).isEqualTo(RunStatus.FAILED.wire());
        assertThat(run.detail()).contains("apikey rejected");
        Map<String, Object> status = stack.control(Map.of("action", "reminder-status", "tenant", due.tenant().id()));
        assertThat(status).containsEntry("dueNow", 1);
        assertThat(status.get("lastRun")).asString().contains("failed").contains("apikey rejected");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTenantWithoutAnInstanceIsWarnedAtIngestAndItsSendRunFailsWithTheReason() {
        Tenant bare = new Tenant("unc-bare", "Provedor sem WhatsApp", true, stack.env.tenantApp().baseUrlFor("unc-bare"),
                Map.of(BillingConfig.REMINDER_PLAN, "D0"));
        stack.env.addTenant(bare);
        Map<String, Object> ingest = stack.ingest(bare.id(), List.of(BillingData.valid("unc-bare-1", ++n, TODAY.minusDays(1))));
        assertThat((List<String>) ingest.get("warnings")).anySatisfy(w -> assertThat(w)
                .contains("cannot send reminders").contains("evolution_base_url").contains("evolution_instance"));

        Instant tick = nextTickMinute();
        stack.clock.set(tick);
        stack.env.tick(stack.env.catalogue().require(MessageSender.JOB), tick);
        stack.env.drain("critico");
        RunRecord run = stack.env.app("ControlFunction").runs().byTenant(bare.id(), 10).stream()
                .filter(r -> r.job().equals(MessageSender.JOB)).findFirst().orElseThrow();
        assertThat(run.result()).isEqualTo(RunStatus.FAILED.wire());
        assertThat(run.detail()).contains("no Evolution instance configured");
    }
}
