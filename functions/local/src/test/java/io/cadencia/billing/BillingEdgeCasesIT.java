package io.cadencia.billing;

import io.cadencia.app.Cadencia;
import io.cadencia.claim.Claim;
import io.cadencia.local.BillingData;
import io.cadencia.local.evolution.EvolutionSimulator;
import io.cadencia.tenant.Tenant;
import io.cadencia.work.JobOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The 12 edge cases of seed 002 on the embedded engines, each named after its case. */
class BillingEdgeCasesIT {

    /** Tuesday 2026-11-24 10:00 in São Paulo: a business day, no holiday. */
    static final Instant TUESDAY_10H = Instant.parse("2026-11-24T13:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    static BillingStack stack;
    static int n = 1000;

    @BeforeAll
    static void start() {
        stack = BillingStack.fastSending(TUESDAY_10H, "edge");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void resetClock() {
        stack.clock.set(TUESDAY_10H);
    }

    /** A billing whose only step (plan D0, due yesterday) is due right now. */
    private static Map<String, Object> dueNow(String id) {
        return BillingData.valid(id, ++n, TODAY.minusDays(1));
    }

    private static Map<String, String> planD0() {
        return Map.of(BillingConfig.REMINDER_PLAN, "D0");
    }

    private static String phoneOf(Map<String, Object> ingest, int index) {
        return (String) BillingStack.result(ingest, index).get("normalizedPhone");
    }

    @Test
    void edgeCase01_duplicateCycles_concurrentIngestsOfOneIdCreateOneCycle() throws Exception {
        Tenant tenant = stack.tenant(Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Map<String, Object>>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int k = i;
            calls.add(pool.submit(() -> {
                go.await();
                return stack.ingest(tenant.id(), List.of(BillingData.valid("fatura-1", 500 + k, TODAY.plusDays(10))));
            }));
        }
        go.countDown();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Future<Map<String, Object>> call : calls) {
            rows.add(BillingStack.result(call.get(), 0));
        }
        pool.shutdown();
        assertThat(rows).filteredOn(r -> r.get("status").equals("created")).hasSize(1);
        assertThat(rows).filteredOn(r -> r.get("status").equals("duplicate")).hasSize(7);
        String cycleId = (String) rows.stream().filter(r -> r.get("status").equals("created")).findFirst().orElseThrow().get("cycleId");
        assertThat(rows).extracting(r -> r.get("cycleId")).containsOnly(cycleId);

        Map<String, Object> inBatch = stack.ingest(tenant.id(), List.of(
                BillingData.valid("fatura-2", 600, TODAY.plusDays(10)), BillingData.valid("fatura-2", 601, TODAY.plusDays(10))));
        assertThat(BillingStack.result(inBatch, 0)).containsEntry("status", "created");
        assertThat(BillingStack.result(inBatch, 1)).containsEntry("status", "duplicate")
                .containsEntry("error", Map.of("field", "externalBillingId", "message", "\"fatura-2\" is a duplicate of item 0 in this batch"));

        // An id whose cycle ended (cancelled) may start a new cycle: a re-issued bill.
        stack.control(Map.of("action", "cancel-cycle", "tenant", tenant.id(), "cycleId", cycleId));
        Map<String, Object> reissued = stack.ingest(tenant.id(), List.of(BillingData.valid("fatura-1", 700, TODAY.plusDays(10))));
        assertThat(BillingStack.result(reissued, 0)).containsEntry("status", "created");
        assertThat(stack.cycleId(reissued, 0)).isNotEqualTo(cycleId);
    }

    @Test
    void edgeCase02_raceConditionInScheduler_eightConcurrentRunsSendEachMessageOnce() throws Exception {
        Tenant tenant = stack.tenant(planD0());
        List<Map<String, Object>> billings = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            billings.add(dueNow("race-" + i));
        }
        assertThat(stack.ingest(tenant.id(), billings)).containsEntry("created", 40);
        List<Cadencia> containers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            containers.add(stack.workerContainer("race-worker-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JobOutcome>> runs = new ArrayList<>();
        for (Cadencia container : containers) {
            runs.add(pool.submit(() -> {
                go.await();
                return stack.send(container, tenant.id());
            }));
        }
        go.countDown();
        int sent = 0;
        for (Future<JobOutcome> run : runs) {
            sent += run.get().succeeded();
        }
        pool.shutdown();
        List<EvolutionSimulator.AcceptedMessage> accepted = stack.sim.acceptedMessages().stream()
                .filter(m -> m.instance().equals(stack.instanceOf(tenant))).toList();
        assertThat(sent).isEqualTo(40);
        assertThat(accepted).hasSize(40);
        assertThat(accepted.stream().map(EvolutionSimulator.AcceptedMessage::number).distinct()).hasSize(40);
    }

    @Test
    void edgeCase03_invalidDates_outOfRangeAndMalformedRejectedPerItem() {
        Tenant tenant = stack.tenant(Map.of());
        Map<String, Object> result = stack.ingest(tenant.id(), List.of(
                BillingData.valid("d-far", 1, TODAY.plusYears(2)),
                withDue(BillingData.valid("d-bad", 2, TODAY), "2026-02-30"),
                BillingData.valid("d-ok", 3, TODAY.plusDays(5))));
        assertThat(BillingStack.result(result, 0)).containsEntry("status", "rejected")
                .containsEntry("error", Map.of("field", "dueDate", "message", "\"2028-11-24\" is more than one year away from today (2026-11-24)"));
        assertThat(BillingStack.result(result, 1)).containsEntry("status", "rejected")
                .containsEntry("error", Map.of("field", "dueDate", "message", "\"2026-02-30\" is not a valid date in format YYYY-MM-DD"));
        assertThat(BillingStack.result(result, 2)).containsEntry("status", "created");
        assertThat(result).containsEntry("created", 1).containsEntry("rejected", 2);
    }

    private static Map<String, Object> withDue(Map<String, Object> billing, String due) {
        billing.put("dueDate", due);
        return billing;
    }

    @Test
    @SuppressWarnings("unchecked")
    void edgeCase04_invalidPhone_rejectedWithFieldAndValueWhileLegacyAndCarrierFormsNormalize() {
        Tenant tenant = stack.tenant(Map.of());
        Map<String, Object> bad = BillingData.valid("p-bad", 10, TODAY.plusDays(5));
        ((Map<String, Object>) bad.get("customer")).put("phone", "(01) 1234-567");
        Map<String, Object> legacy = BillingData.valid("p-legacy", 11, TODAY.plusDays(5));
        ((Map<String, Object>) legacy.get("customer")).put("phone", "(37) 8824-2968");
        Map<String, Object> carrier = BillingData.valid("p-carrier", 12, TODAY.plusDays(5));
        ((Map<String, Object>) carrier.get("customer")).put("phone", "015 37 98824-2967");

        Map<String, Object> result = stack.ingest(tenant.id(), List.of(bad, legacy, carrier));

        Map<String, Object> rejected = BillingStack.result(result, 0);
        assertThat(rejected).containsEntry("status", "rejected").doesNotContainKey("cycleId");
        assertThat((Map<String, Object>) rejected.get("error")).containsEntry("field", "customer.phone");
        assertThat(((Map<String, Object>) rejected.get("error")).get("message").toString()).contains("\"(01) 1234-567\"");
        assertThat(BillingStack.result(result, 1)).containsEntry("status", "created").containsEntry("normalizedPhone", "+5537988242968");
        assertThat(BillingStack.result(result, 2)).containsEntry("status", "created").containsEntry("normalizedPhone", "+5537988242967");
    }

    @Test
    void edgeCase05_templateNotFound_fallsBackToTenantGenericThenBuiltInAndUnknownPlaceholderRefused() {
        Tenant tenant = stack.tenant(planD0());
        Map<String, Object> first = stack.ingest(tenant.id(), List.of(dueNow("t-1")));
        stack.send(tenant.id());
        assertThat(stack.sentTo(phoneOf(first, 0))).singleElement().satisfies(m ->
                assertThat(m.text()).isEqualTo("Olá, Cliente " + n + "! Sua fatura no valor de R$ " + (50 + n % 200) + ",90, vencida em "
                        + "23/11/2026, está em aberto. Se você já pagou, desconsidere esta mensagem.\n"
                        + "Para pagar, acesse: https://pay.example.com/t-1\nPIX copia e cola: 00020126PIXt-1"));

        stack.control(Map.of("action", "save-template", "tenant", tenant.id(), "step", "generic",
                "variations", List.of("Generico {nome}: {valor} em {vencimento}")));
        Map<String, Object> second = stack.ingest(tenant.id(), List.of(dueNow("t-2")));
        stack.send(tenant.id());
        assertThat(stack.sentTo(phoneOf(second, 0))).singleElement().satisfies(m ->
                assertThat(m.text()).isEqualTo("Generico Cliente " + n + ": R$ " + (50 + n % 200) + ",90 em 23/11/2026"));

        stack.control(Map.of("action", "save-template", "tenant", tenant.id(), "step", "D0",
                "variations", List.of("A {nome}", "B {nome}")));
        Map<String, Object> third = stack.ingest(tenant.id(), List.of(dueNow("t-3"), dueNow("t-4")));
        stack.send(tenant.id());
        String a = stack.sentTo(phoneOf(third, 0)).get(0).text();
        String b = stack.sentTo(phoneOf(third, 1)).get(0).text();
        assertThat(List.of(a.substring(0, 1), b.substring(0, 1))).containsExactlyInAnyOrder("A", "B");

        assertThatThrownBy(() -> stack.control(Map.of("action", "save-template", "tenant", tenant.id(), "step", "D0",
                "variations", List.of("Oi {nome}", "Oi {nome_cliente}"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("variations[1]").hasMessageContaining("{nome_cliente}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void edgeCase06_contactWithDifferentData_updatesContactAndNeverClearsOptOut() {
        Tenant tenant = stack.tenant(Map.of());
        Map<String, Object> first = BillingData.billing("c-1", "Maria", "(11) 97777-0001", BillingData.cpf(1), new BigDecimal("99.90"), TODAY.plusDays(10));
        Map<String, Object> ingest1 = stack.ingest(tenant.id(), List.of(first));
        String phone = phoneOf(ingest1, 0);
        assertThat(stack.billing().contacts().find(tenant.id(), phone)).get().extracting(Contact::name).isEqualTo("Maria");

        Map<String, Object> second = BillingData.billing("c-2", "Maria da Silva", "11977770001", BillingData.cpf(2), new BigDecimal("10.00"), TODAY.plusDays(12));
        stack.ingest(tenant.id(), List.of(second));
        Contact updated = stack.billing().contacts().find(tenant.id(), phone).orElseThrow();
        assertThat(updated.name()).isEqualTo("Maria da Silva");
        assertThat(updated.document()).isEqualTo(BillingData.cpf(2));

        Map<String, Object> optOut = stack.control(Map.of("action", "opt-out", "tenant", tenant.id(), "phone", "(11) 97777-0001"));
        assertThat(optOut).containsEntry("optedOut", true).containsEntry("messagesCancelled", 8);

        Map<String, Object> third = BillingData.billing("c-3", "M. Silva", "+55 11 97777-0001", BillingData.cpf(3), new BigDecimal("5.00"), TODAY.minusDays(1));
        Map<String, Object> ingest3 = stack.ingest(tenant.id(), List.of(third));
        assertThat(stack.billing().contacts().find(tenant.id(), phone)).get().extracting(Contact::optedOut).isEqualTo(true);
        assertThat(stack.messages(tenant.id(), stack.cycleId(ingest3, 0))).extracting(ReminderMessage::status).containsOnly(MessageStatus.CANCELLED);
        stack.clock.advance(Duration.ofDays(30));
        stack.send(tenant.id());
        assertThat(stack.sentTo(phone)).isEmpty();

        stack.control(Map.of("action", "opt-in", "tenant", tenant.id(), "phone", phone));
        assertThat(stack.billing().contacts().find(tenant.id(), phone)).get().extracting(Contact::optedOut).isEqualTo(false);
    }

    @Test
    void edgeCase07_schedulerFailsMidway_messageStuckInSendingIsRecoveredAfterOneHourAndSentOnce() {
        Tenant tenant = stack.tenant(planD0());
        Map<String, Object> ingest = stack.ingest(tenant.id(), List.of(dueNow("s-1")));
        ReminderMessage message = stack.messages(tenant.id(), stack.cycleId(ingest, 0)).get(0);
        assertThat(stack.sender().claim(message, "worker-that-dies")).isPresent();
        double recoveredBefore = stack.env.metrics().total("MessagesRecovered");

        stack.clock.advance(Duration.ofMinutes(30));
        stack.send(tenant.id());
        assertThat(stack.sentTo(phoneOf(ingest, 0))).isEmpty();
        assertThat(stack.messages(tenant.id(), stack.cycleId(ingest, 0)).get(0).status()).isEqualTo(MessageStatus.SENDING);

        stack.clock.advance(Duration.ofMinutes(31));
        stack.send(tenant.id());
        stack.send(tenant.id());
        assertThat(stack.sentTo(phoneOf(ingest, 0))).hasSize(1);
        assertThat(stack.messages(tenant.id(), stack.cycleId(ingest, 0)).get(0).status()).isEqualTo(MessageStatus.SENT);
        assertThat(stack.env.metrics().total("MessagesRecovered")).isEqualTo(recoveredBefore + 1);
    }

    @Test
    void edgeCase08_cancelCompletedCycle_onlyActiveCyclesCancelAndAClaimedMessageIsNotSentAfterCancel() {
        Tenant tenant = stack.tenant(planD0());
        Map<String, Object> paid = stack.ingest(tenant.id(), List.of(BillingData.valid("x-paid", 1, TODAY.plusDays(3))));
        assertThat(stack.control(Map.of("action", "mark-paid", "tenant", tenant.id(), "externalBillingId", "x-paid")))
                .containsEntry("status", "paid").containsEntry("messagesCancelled", 1);
        assertThatThrownBy(() -> stack.control(Map.of("action", "cancel-cycle", "tenant", tenant.id(), "cycleId", stack.cycleId(paid, 0))))
                .hasMessageContaining("is paid; only an active cycle can be cancelled");
        assertThatThrownBy(() -> stack.control(Map.of("action", "cancel-cycle", "tenant", tenant.id(), "cycleId", "nope")))
                .hasMessageContaining("cycle 'nope' does not exist");
        assertThatThrownBy(() -> stack.control(Map.of("action", "cancel-cycle", "tenant", "ghost", "cycleId", "nope")))
                .hasMessageStartingWith("unknown tenant 'ghost'; known: ");

        Map<String, Object> ingest = stack.ingest(tenant.id(), List.of(dueNow("x-claimed")));
        String cycleId = stack.cycleId(ingest, 0);
        ReminderMessage message = stack.messages(tenant.id(), cycleId).get(0);
        MessageSender.Prepared prepared = stack.prepared(tenant.id());
        Optional<Claim.Claimed> claim = stack.sender().claim(message, "worker-a");
        assertThat(claim).isPresent();

        stack.control(Map.of("action", "cancel-cycle", "tenant", tenant.id(), "cycleId", cycleId));

        assertThat(stack.sender().deliver(prepared, message, "worker-a", claim.get())).isEqualTo(MessageSender.Delivery.CANCELLED);
        assertThat(stack.sentTo(phoneOf(ingest, 0))).isEmpty();
        assertThat(stack.messages(tenant.id(), cycleId).get(0).status()).isEqualTo(MessageStatus.CANCELLED);
    }

    @Test
    @SuppressWarnings("unchecked")
    void edgeCase09_batchTooLarge_refusedWholeNamingTheCountAndLargeBatchesChunkedInOrder() throws Exception {
        Tenant tenant = stack.tenant(Map.of());
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(BillingData.valid("big-" + i, 20_000 + i, TODAY.plusDays(5)));
        }
        assertThatThrownBy(() -> stack.ingest(tenant.id(), tooMany)).hasMessageContaining("batch has 1001 items; at most 1000");
        Map<String, Object> viaUrl = (Map<String, Object>) io.cadencia.aws.Json.MAPPER.readValue(stack.env.invoke("BillingIngestFunction",
                io.cadencia.aws.Json.MAPPER.writeValueAsString(Map.of("requestContext", Map.of("http", Map.of("method", "POST")),
                        "headers", stack.keyHeaders(tenant), "body", io.cadencia.aws.Json.MAPPER.writeValueAsString(Map.of("tenantId", tenant.id(), "billings", tooMany))))), Map.class);
        assertThat(viaUrl).containsEntry("statusCode", 400);
        assertThat(viaUrl.get("body").toString()).contains("1001");
        assertThat(stack.billing().cycles().idFor(tenant.id(), "big-0")).isEmpty();

        List<Map<String, Object>> batch = new ArrayList<>(tooMany.subList(0, 250));
        ((Map<String, Object>) batch.get(120).get("customer")).put("document", "123");
        Map<String, Object> result = stack.ingest(tenant.id(), batch);
        assertThat(result).containsEntry("received", 250).containsEntry("created", 249).containsEntry("rejected", 1);
        List<Map<String, Object>> rows = (List<Map<String, Object>>) result.get("results");
        for (int i = 0; i < 250; i++) {
            assertThat(rows.get(i)).containsEntry("index", i).containsEntry("externalBillingId", "big-" + i);
        }
        assertThat(rows.get(120)).containsEntry("status", "rejected");
    }

    @Test
    @SuppressWarnings("unchecked")
    void functionUrlRequestGets200WithPerItemResultsAndANonNumericAmountIsNamed() throws Exception {
        Tenant tenant = stack.tenant(Map.of());
        Map<String, Object> bad = BillingData.valid("url-2", 51, TODAY.plusDays(5));
        bad.put("amount", "cento e vinte");
        String body = io.cadencia.aws.Json.MAPPER.writeValueAsString(Map.of("tenantId", tenant.id(),
                "billings", List.of(BillingData.valid("url-1", 50, TODAY.plusDays(5)), bad)));
        String event = io.cadencia.aws.Json.MAPPER.writeValueAsString(Map.of("requestContext", Map.of("http", Map.of("method", "POST")),
                "headers", stack.keyHeaders(tenant), "isBase64Encoded", true, "body", java.util.Base64.getEncoder().encodeToString(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        Map<String, Object> response = io.cadencia.aws.Json.MAPPER.readValue(stack.env.invoke("BillingIngestFunction", event), Map.class);
        assertThat(response).containsEntry("statusCode", 200);
        Map<String, Object> result = io.cadencia.aws.Json.MAPPER.readValue(response.get("body").toString(), Map.class);
        assertThat(result).containsEntry("created", 1).containsEntry("rejected", 1);
        assertThat(BillingStack.result(result, 1)).containsEntry("status", "rejected")
                .containsEntry("error", Map.of("field", "amount", "message", "\"cento e vinte\" is not a number"));
    }

    @Test
    void edgeCase10_businessHoursNotConfigured_alwaysOpenEvenSundayNight() {
        Instant sunday3h = Instant.parse("2026-11-29T06:00:00Z");
        stack.clock.set(sunday3h);
        Tenant open = stack.tenant(planD0());
        Tenant office = stack.tenant(Map.of(BillingConfig.REMINDER_PLAN, "D0", BillingConfig.BUSINESS_HOURS, "mon-fri 08:00-18:00"));
        Map<String, Object> a = stack.ingest(open.id(), List.of(BillingData.valid("h-1", 31, LocalDate.of(2026, 11, 28))));
        Map<String, Object> b = stack.ingest(office.id(), List.of(BillingData.valid("h-2", 32, LocalDate.of(2026, 11, 28))));

        stack.send(open.id());
        stack.send(office.id());

        assertThat(stack.sentTo(phoneOf(a, 0))).hasSize(1);
        assertThat(stack.sentTo(phoneOf(b, 0))).isEmpty();
        assertThat(stack.messages(office.id(), stack.cycleId(b, 0)).get(0).sendAt()).isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));
    }

    @Test
    void edgeCase11_evolutionApiOffline_healthCheckKeepsMessagesPendingThenBackoffThenFailure() {
        Tenant tenant = stack.tenant(Map.of(BillingConfig.REMINDER_PLAN, "D0", BillingConfig.MAX_SEND_ATTEMPTS, "2"));
        String instance = stack.instanceOf(tenant);
        Map<String, Object> ingest = stack.ingest(tenant.id(), List.of(dueNow("e-1")));
        String cycle1 = stack.cycleId(ingest, 0);
        double downBefore = stack.env.metrics().total("EvolutionInstanceDown");

        stack.sim.closeInstance(instance);
        stack.send(tenant.id());
        assertThat(stack.env.metrics().total("EvolutionInstanceDown")).isEqualTo(downBefore + 1);
        assertThat(stack.sim.sendRequestCount(instance)).isZero();
        assertThat(stack.messages(tenant.id(), cycle1).get(0)).extracting(ReminderMessage::status, ReminderMessage::attempts).containsExactly(MessageStatus.PENDING, 0);

        stack.sim.setState(instance, EvolutionSimulator.State.OPEN);
        stack.sim.failNextSends(instance, 1);
        stack.send(tenant.id());
        ReminderMessage retried = stack.messages(tenant.id(), cycle1).get(0);
        assertThat(retried.status()).isEqualTo(MessageStatus.PENDING);
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.sendAt()).isAfterOrEqualTo(stack.clock.instant());
        assertThat(retried.lastError()).contains("Connection Closed");

        Map<String, Object> missing = stack.ingest(tenant.id(), List.of(dueNow("e-2")));
        stack.sim.addMissingNumber(phoneOf(missing, 0).substring(1));
        stack.send(tenant.id());
        ReminderMessage permanent = stack.messages(tenant.id(), stack.cycleId(missing, 0)).get(0);
        assertThat(permanent.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(permanent.attempts()).isEqualTo(1);
        assertThat(permanent.lastError()).contains("number not on WhatsApp");

        stack.sim.failNextSends(instance, 1);
        stack.clock.advance(Duration.ofHours(1).plusSeconds(1));
        stack.send(tenant.id());
        ReminderMessage gaveUp = stack.messages(tenant.id(), cycle1).get(0);
        assertThat(gaveUp.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(gaveUp.lastError()).startsWith("gave up after 2 attempts");
        assertThat(stack.sentTo(phoneOf(ingest, 0))).isEmpty();

        Map<String, Object> later = stack.ingest(tenant.id(), List.of(dueNow("e-3")));
        stack.sim.failNextSends(instance, 1);
        stack.send(tenant.id());
        stack.clock.advance(Duration.ofHours(1).plusSeconds(1));
        stack.send(tenant.id());
        assertThat(stack.sentTo(phoneOf(later, 0))).hasSize(1);
    }

    @Test
    void edgeCase12_datesCalculatedInPast_overdueStepsCollapseToOneSentNowOrAtNextOpening() {
        Tenant open = stack.tenant(Map.of());
        Map<String, Object> ingest = stack.ingest(open.id(), List.of(BillingData.valid("past-1", 41, TODAY.minusDays(10))));
        List<ReminderMessage> messages = stack.messages(open.id(), stack.cycleId(ingest, 0));
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.step()).isEqualTo("D+7");
            assertThat(m.sendAt()).isEqualTo(TUESDAY_10H);
        });
        stack.send(open.id());
        assertThat(stack.sentTo(phoneOf(ingest, 0))).hasSize(1);

        stack.clock.set(Instant.parse("2026-11-25T01:00:00Z"));
        Tenant office = stack.tenant(Map.of(BillingConfig.BUSINESS_HOURS, "mon-fri 08:00-18:00"));
        Map<String, Object> night = stack.ingest(office.id(), List.of(BillingData.valid("past-2", 42, TODAY.minusDays(10))));
        assertThat(stack.messages(office.id(), stack.cycleId(night, 0))).singleElement()
                .extracting(ReminderMessage::sendAt).isEqualTo(Instant.parse("2026-11-25T11:00:00Z"));
    }
}
