package io.cadencia.billing;

import io.cadencia.tenant.keys.TenantKeyKind;
import io.cadencia.app.Cadencia;
import io.cadencia.catalogue.Job;
import io.cadencia.dispatch.Trigger;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.local.BillingData;
import io.cadencia.local.hubsoft.HubSoftSimulator;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantId;
import io.cadencia.work.JobContext;
import io.cadencia.work.JobOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Billing reminders and HubSoft together (issue #4 items 6 and 7) on the embedded engines, with the Evolution and
 * HubSoft simulators: the paid check before sending, the checkup pausing and resuming reminders, and tenants
 * without HubSoft left alone.
 */
class BillingHubSoftIT {

    /** Tuesday 2026-11-24 10:00 in São Paulo: a business day, no holiday. */
    static final Instant TUESDAY_10H = Instant.parse("2026-11-24T13:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    static final String CHECKUP = "doctor_state_manutencao_diaria";

    static BillingStack stack;
    static HubSoftSimulator hubsoft;
    static int n = 7000;

    @BeforeAll
    static void start() {
        stack = BillingStack.fastSending(TUESDAY_10H, "hsb");
        hubsoft = new HubSoftSimulator(stack.clock, new HubSoftSimulator.Credentials("3", "client-secret-xyz", "bot@isp.com.br", "s3nh4"), 1000);
    }

    @AfterAll
    static void stop() {
        hubsoft.close();
        stack.close();
    }

    @BeforeEach
    void reset() {
        stack.clock.set(TUESDAY_10H);
        hubsoft.resetCounters();
    }

    /** A tenant with plan D0 and, if asked, this simulator's HubSoft account. */
    private static Tenant tenant(boolean withHubSoft) {
        Tenant tenant = stack.tenant(Map.of(BillingConfig.REMINDER_PLAN, "D0"));
        if (withHubSoft) {
            stack.env.app("ControlFunction").tenantKeys().save(tenant.tenantId(), TenantKeyKind.HUBSOFT, hubsoft.credentialsJson());
        }
        return tenant;
    }

    private static Map<String, Object> billing(String externalId, int customer, LocalDate dueDate, Long invoiceId) {
        Map<String, Object> item = BillingData.valid(externalId, customer, dueDate);
        if (invoiceId != null) {
            item.put("hubsoftInvoiceId", invoiceId);
        }
        return item;
    }

    private static String onlyCycle(Map<String, Object> ingest) {
        assertThat(BillingStack.result(ingest, 0).get("status")).as("ingest %s", ingest).isEqualTo("created");
        return stack.cycleId(ingest, 0);
    }

    private static JobOutcome checkup(String tenantId) throws Exception {
        Cadencia app = stack.env.app("ManutencaoWorkerFunction");
        Tenant tenant = app.tenants().find(tenantId).orElseThrow();
        Job job = app.catalogue().require(CHECKUP);
        WorkMessage work = new WorkMessage(job.name(), job.category(), TenantId.of(tenantId), stack.clock.instant(), job.endpoint(), Trigger.MANUAL);
        return app.registry().runnerFor(CHECKUP)
                .run(new JobContext(job, work, tenant, app.tenants().settingsOf(tenant), stack.clock, app.instanceId()));
    }

    @Test
    void paidInvoiceInHubSoftEndsTheCycleWithoutSending_andTheNextRunIsAnsweredFromTheCache() {
        Tenant tenant = tenant(true);
        int customer = ++n;
        String document = BillingData.cpf(customer);
        String phone = BillingData.e164(customer);
        hubsoft.addInvoice(document, 501, new BigDecimal("99.90"), TODAY.minusDays(1), TODAY.minusDays(1));
        hubsoft.addInvoice(document, 502, new BigDecimal("99.90"), TODAY.minusDays(2), null);

        String paidCycle = onlyCycle(stack.ingest(tenant.id(), List.of(billing("fat-paid", customer, TODAY.minusDays(1), 501L))));
        double paidBefore = stack.env.metrics().total("CyclesPaidInHubSoft");
        JobOutcome first = stack.send(tenant.id());

        assertThat(stack.sentTo(phone)).as("nothing reaches WhatsApp for a paid invoice").isEmpty();
        assertThat(stack.billing().cycles().find(tenant.id(), paidCycle).orElseThrow().status()).isEqualTo(CycleStatus.PAID);
        assertThat(stack.messages(tenant.id(), paidCycle)).extracting(ReminderMessage::status).containsOnly(MessageStatus.CANCELLED);
        assertThat(first.succeeded()).isZero();
        assertThat(hubsoft.requestCount(HubSoftSimulator.INVOICES)).isEqualTo(1);
        assertThat(stack.env.metrics().total("CyclesPaidInHubSoft") - paidBefore).isEqualTo(1);

        // A second bill of the same customer, matched by due date (no invoice id), open in HubSoft: sent, and the
        // invoice list cached 5 minutes ago answers without another HubSoft request.
        stack.clock.advance(Duration.ofMinutes(5));
        String openCycle = onlyCycle(stack.ingest(tenant.id(), List.of(billing("fat-open", customer, TODAY.minusDays(2), null))));
        stack.send(tenant.id());

        assertThat(stack.sentTo(phone)).hasSize(1);
        assertThat(stack.messages(tenant.id(), openCycle)).extracting(ReminderMessage::status).containsOnly(MessageStatus.SENT);
        assertThat(hubsoft.requestCount(HubSoftSimulator.INVOICES)).as("second run served from the cache").isEqualTo(1);
    }

    @Test
    void hubSoftDown_theReminderIsStillSentAndTheFailedCheckCounted() {
        Tenant tenant = tenant(true);
        int customer = ++n;
        hubsoft.addInvoice(BillingData.cpf(customer), 601, new BigDecimal("80.00"), TODAY.minusDays(1), null);
        String cycle = onlyCycle(stack.ingest(tenant.id(), List.of(billing("fat-down", customer, TODAY.minusDays(1), 601L))));
        double uncheckedBefore = stack.env.metrics().total("HubSoftInvoiceCheckUnavailable");
        hubsoft.goDown(HubSoftSimulator.Outage.REFUSE_CONNECTIONS);
        try {
            stack.send(tenant.id());
        } finally {
            hubsoft.comeBack();
        }
        assertThat(stack.sentTo(BillingData.e164(customer))).hasSize(1);
        assertThat(stack.messages(tenant.id(), cycle)).extracting(ReminderMessage::status).containsOnly(MessageStatus.SENT);
        assertThat(stack.env.metrics().total("HubSoftInvoiceCheckUnavailable") - uncheckedBefore).isEqualTo(1);
    }

    @Test
    void suspendedClient_pendingRemindersArePausedByTheCheckupAndNotSent_thenResumedAndSentWhenActiveAgain() throws Exception {
        Tenant tenant = tenant(true);
        int customer = ++n;
        String document = BillingData.cpf(customer);
        String phone = BillingData.e164(customer);
        hubsoft.addClient(document, "Cliente " + customer, phone.substring(3), "suspenso_debito");
        // D0 is tomorrow (Wednesday) 09:00.
        String cycle = onlyCycle(stack.ingest(tenant.id(), List.of(billing("fat-susp", customer, TODAY.plusDays(1), null))));
        assertThat(stack.billing().contacts().find(tenant.id(), phone)).as("ingest keeps the customer's document, which the checkup tracks")
                .get().extracting(Contact::document).isEqualTo(document);

        JobOutcome paused = checkup(tenant.id());
        assertThat(paused.detail()).contains("suspended=[" + document + "]");
        assertThat(stack.messages(tenant.id(), cycle)).extracting(ReminderMessage::status).containsOnly(MessageStatus.PAUSED);
        assertThat(stack.billing().cycles().find(tenant.id(), cycle).orElseThrow().status()).as("paused, not cancelled").isEqualTo(CycleStatus.ACTIVE);

        stack.clock.set(Instant.parse("2026-11-25T13:00:00Z"));
        stack.send(tenant.id());
        assertThat(stack.sentTo(phone)).as("a paused reminder is not sent at its time").isEmpty();

        // Paid and reconnected; Friday's 03:00 checkup (the 4 h status cache long expired) finds the client active.
        hubsoft.setClientStatus(document, "servico_habilitado");
        Instant friday3h = Instant.parse("2026-11-27T06:00:00Z");
        stack.clock.set(friday3h);
        checkup(tenant.id());
        List<ReminderMessage> resumed = stack.messages(tenant.id(), cycle);
        assertThat(resumed).extracting(ReminderMessage::status).containsOnly(MessageStatus.PENDING);
        assertThat(resumed).extracting(ReminderMessage::sendAt).as("next valid time: no business hours set, so now")
                .containsOnly(friday3h);

        stack.send(tenant.id());
        assertThat(stack.sentTo(phone)).hasSize(1);
        assertThat(stack.messages(tenant.id(), cycle)).extracting(ReminderMessage::status).containsOnly(MessageStatus.SENT);
    }

    @Test
    void tenantWithoutHubSoft_remindersAreSentWithZeroHubSoftRequests() {
        Tenant tenant = tenant(false);
        int customer = ++n;
        hubsoft.addInvoice(BillingData.cpf(customer), 701, new BigDecimal("80.00"), TODAY.minusDays(1), TODAY.minusDays(1));
        String cycle = onlyCycle(stack.ingest(tenant.id(), List.of(billing("fat-plain", customer, TODAY.minusDays(1), 701L))));

        stack.send(tenant.id());

        assertThat(stack.sentTo(BillingData.e164(customer))).hasSize(1);
        assertThat(stack.messages(tenant.id(), cycle)).extracting(ReminderMessage::status).containsOnly(MessageStatus.SENT);
        assertThat(hubsoft.totalRequests()).isZero();
    }

    @Test
    void aHubsoftInvoiceIdThatIsNotAPositiveIntegerIsRejectedNamingTheField() {
        Tenant tenant = tenant(true);
        Map<String, Object> item = billing("fat-bad-id", ++n, TODAY.plusDays(3), null);
        item.put("hubsoftInvoiceId", "FAT-12");
        Map<String, Object> row = BillingStack.result(stack.ingest(tenant.id(), List.of(item)), 0);
        assertThat(row.get("status")).isEqualTo("rejected");
        assertThat(row.get("error")).isEqualTo(Map.of("field", "hubsoftInvoiceId",
                "message", "\"FAT-12\" is not a positive integer (HubSoft id_fatura)"));
    }

    @Test
    void aPaidCustomerWithThirtyInvoicesGetsNoReminder() {
        Tenant tenant = tenant(true);
        int customer = ++n;
        Map<String, Object> item = billing("fat-30", customer, TODAY.minusDays(1), null);
        BigDecimal amount = (BigDecimal) item.get("amount");
        // Thirty monthly invoices, all paid; HubSoft lists 20 per call by default, oldest first.
        for (int month = 29; month >= 0; month--) {
            LocalDate due = TODAY.minusDays(1).minusMonths(month);
            hubsoft.addInvoice(BillingData.cpf(customer), 8000L + month, amount, due, due);
        }
        String cycle = onlyCycle(stack.ingest(tenant.id(), List.of(item)));

        stack.send(tenant.id());

        assertThat(stack.sentTo(BillingData.e164(customer))).isEmpty();
        assertThat(stack.billing().cycles().find(tenant.id(), cycle).orElseThrow().status()).isEqualTo(CycleStatus.PAID);
    }

    @Test
    void withoutAnInvoiceIdAPaidInvoiceOfTheSameDueDateButAnotherAmountDoesNotEndTheCycle() {
        Tenant tenant = tenant(true);
        int customer = ++n;
        String document = BillingData.cpf(customer);
        Map<String, Object> item = billing("fat-amount", customer, TODAY.minusDays(1), null);
        hubsoft.addInvoice(document, 9101, new BigDecimal("15.00"), TODAY.minusDays(1), TODAY.minusDays(1));
        hubsoft.addInvoice(document, 9102, (BigDecimal) item.get("amount"), TODAY.minusDays(1), null);
        String cycle = onlyCycle(stack.ingest(tenant.id(), List.of(item)));

        stack.send(tenant.id());

        assertThat(stack.sentTo(BillingData.e164(customer))).as("the paid invoice is another bill").hasSize(1);
        assertThat(stack.billing().cycles().find(tenant.id(), cycle).orElseThrow().status()).isNotEqualTo(CycleStatus.PAID);
    }

    @Test
    void anAlphanumericCnpjKeepsItsLettersInTheHubSoftLookup_soItsPaidInvoiceEndsTheCycle() {
        Tenant tenant = tenant(true);
        int customer = ++n;
        Map<String, Object> item = BillingData.billing("fat-cnpj", "Empresa " + customer, BillingData.mobile(customer),
                "12.abc.345/01de-35", new BigDecimal("120.00"), TODAY.minusDays(1));
        hubsoft.addInvoice("12ABC34501DE35", 9201, new BigDecimal("120.00"), TODAY.minusDays(1), TODAY.minusDays(1));
        String cycle = onlyCycle(stack.ingest(tenant.id(), List.of(item)));

        stack.send(tenant.id());

        assertThat(stack.sentTo(BillingData.e164(customer))).isEmpty();
        assertThat(stack.billing().cycles().find(tenant.id(), cycle).orElseThrow().status()).isEqualTo(CycleStatus.PAID);
        assertThat(hubsoft.received()).filteredOn(r -> r.path().endsWith("/cliente/financeiro"))
                .extracting(r -> r.query().get("termo_busca")).containsOnly("12ABC34501DE35");
    }
}
