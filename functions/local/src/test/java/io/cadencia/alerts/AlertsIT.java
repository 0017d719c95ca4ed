package io.cadencia.alerts;

import io.cadencia.app.Cadencia;
import io.cadencia.billing.MessageSender;
import io.cadencia.billing.ReminderMessage;
import io.cadencia.billing.ReminderMessages;
import io.cadencia.catalogue.Job;
import io.cadencia.claim.Claim;
import io.cadencia.local.BillingData;
import io.cadencia.local.BillingSimulation;
import io.cadencia.local.EmbeddedAws;
import io.cadencia.local.LocalEnvironment;
import io.cadencia.local.SimulatedClock;
import io.cadencia.local.TenantApp;
import io.cadencia.local.evolution.EvolutionSimulator;
import io.cadencia.observability.InMemoryMetricsSink;
import io.cadencia.tenant.KnownSettings;
import io.cadencia.tenant.Tenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 002's four alerts on the embedded engines, each driven through the real dispatchers and workers: the condition
 * injected, held over several checks, then removed. The tenant hears once when the incident opens and once when it
 * resolves, on each of its channels; the operators' metrics carry no tenant.
 */
class AlertsIT {

    /** Tuesday 2026-11-24 00:00 in São Paulo. */
    private static final Instant MIDNIGHT = Instant.parse("2026-11-24T03:00:00Z");
    private static final String ADMIN = "+5511990001234";

    private SimulatedClock clock;
    private LocalEnvironment env;
    private EvolutionSimulator evolution;
    private Tenant tenant;

    @BeforeEach
    void start() {
        clock = new SimulatedClock(MIDNIGHT, Cadencia.ZONE);
        env = LocalEnvironment.start(clock, BillingSimulation.FAST_SENDING, EmbeddedAws.DynamoMode.IN_PROCESS);
        evolution = new EvolutionSimulator("global-key", clock);
        Tenant plain = new Tenant("isp-1", "Provedor 1", true, env.tenantApp().baseUrlFor("isp-1"), Map.of());
        env.addTenant(plain);
        tenant = BillingSimulation.configure(env, plain, evolution, Map.of(KnownSettings.ALERT_WHATSAPP, ADMIN));
    }

    @AfterEach
    void stop() {
        evolution.close();
        env.close();
    }

    private Job job(String name) {
        return env.catalogue().require(name);
    }

    /** The WhatsApp check then the alert check, as their schedules fire them together every half hour. */
    private void monitor(Instant at) {
        clock.set(at);
        env.tick(job(WhatsAppCheck.JOB), at);
        env.tick(job(TenantAlerts.JOB), at);
        env.drain("monitoramento");
    }

    /** The monitoring schedules over a stretch: the WhatsApp check every 5 minutes, the alert check every 30. */
    private void monitorBetween(Instant from, Instant to) {
        for (Instant at = from; at.isBefore(to); at = at.plus(Duration.ofMinutes(5))) {
            clock.set(at);
            env.tick(job(WhatsAppCheck.JOB), at);
            if (at.getEpochSecond() % 1800 == 0) {
                env.tick(job(TenantAlerts.JOB), at);
            }
            env.drain("monitoramento");
        }
    }

    private List<TenantApp.AlertNotice> delivered(String alert) {
        return env.tenantApp().alertNotices().stream().filter(n -> n.status() == 200 && n.alert().equals(alert)).toList();
    }

    private List<EvolutionSimulator.AcceptedMessage> toAdmin() {
        return evolution.acceptedMessages().stream().filter(m -> m.number().equals(ADMIN.substring(1))).toList();
    }

    private double count(String metric, String alert) {
        return env.metrics().total(metric + "{alert=" + alert + "}");
    }

    @Test
    void messagesStuckInSendingOverTwoHoursAlertOnceAndResolveOnceRecovered() {
        BillingSimulation.ingest(env, tenant.id(), List.of(BillingData.valid("stuck-1", 1, LocalDate.of(2026, 11, 30))));
        ReminderMessages messages = env.app("ControlFunction").billing().messages();
        ReminderMessage message = messages.due(tenant.id(), MIDNIGHT.plus(Duration.ofDays(30)), 1).getFirst();
        Instant claimed = MIDNIGHT.plus(Duration.ofHours(1));
        clock.set(claimed);
        // A worker that died holding the message, while the sender did not run to recover it.
        assertThat(messages.claim(message, "dead-worker", claimed, Duration.ofHours(1))).isInstanceOf(Claim.Claimed.class);

        monitor(claimed.plus(Duration.ofHours(2)));
        assertThat(delivered("stuck_messages")).as("two hours exactly is not more than two hours").isEmpty();
        monitor(claimed.plus(Duration.ofMinutes(150)));
        monitor(claimed.plus(Duration.ofHours(3)));
        assertThat(delivered("stuck_messages")).extracting(TenantApp.AlertNotice::state).containsExactly("open");
        assertThat(toAdmin()).hasSize(1).first().satisfies(m -> assertThat(m.text()).contains("presas em envio"));

        Instant sweep = claimed.plus(Duration.ofMinutes(195));
        clock.set(sweep);
        env.tick(job(MessageSender.JOB), sweep);
        env.drain("critico");
        monitor(claimed.plus(Duration.ofMinutes(210)));
        monitor(claimed.plus(Duration.ofHours(4)));

        assertThat(delivered("stuck_messages")).extracting(TenantApp.AlertNotice::state).containsExactly("open", "resolved");
        assertThat(toAdmin()).hasSize(2).last().satisfies(m -> assertThat(m.text()).startsWith("✅"));
        assertThat(count(Incidents.OPENED, "stuck_messages")).isEqualTo(1);
        assertThat(count(Incidents.RESOLVED, "stuck_messages")).isEqualTo(1);
        assertThat(env.metrics().total(TenantAlerts.STUCK_METRIC)).as("counted by the two checks that saw it").isEqualTo(2);
    }

    @Test
    void anErrorRateAboveTenPercentOfRunsAndSendsAlertsOnceAndResolvesOnce() {
        tenant = BillingSimulation.configure(env, tenant, evolution, Map.of(KnownSettings.REMINDER_PLAN, "D0"));
        List<Map<String, Object>> billings = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            billings.add(BillingData.valid("rate-" + n, n, LocalDate.of(2026, 11, 24)));
            if (n % 3 == 0) {
                // Not on WhatsApp: each of these sends fails for good.
                evolution.addMissingNumber(BillingData.e164(n).substring(1));
            }
        }
        BillingSimulation.ingest(env, tenant.id(), billings);
        Instant nine = MIDNIGHT.plus(Duration.ofHours(9));
        monitorBetween(nine.minus(Duration.ofHours(1)), nine);
        clock.set(nine);
        env.tick(job(MessageSender.JOB), nine);
        env.drain("critico");
        assertThat(evolution.sentCount()).isEqualTo(8);

        monitorBetween(nine, nine.plus(Duration.ofHours(3)));

        assertThat(delivered("error_rate")).extracting(TenantApp.AlertNotice::state).containsExactly("open", "resolved");
        assertThat(delivered("error_rate")).extracting(TenantApp.AlertNotice::idempotencyKey).doesNotHaveDuplicates();
        assertThat(toAdmin()).extracting(EvolutionSimulator.AcceptedMessage::text)
                .satisfiesExactly(open -> assertThat(open).contains("taxa de erro"), resolved -> assertThat(resolved).startsWith("✅"));
        assertThat(count(Incidents.OPENED, "error_rate")).isEqualTo(1);
        assertThat(count(Incidents.RESOLVED, "error_rate")).isEqualTo(1);
        assertThat(env.metrics().total(TenantAlerts.FAILURES_METRIC)).as("the four failed sends, in the hour of three checks").isEqualTo(12);
    }

    @Test
    void anInstanceOfflineOverThirtyMinutesAlertsTheEndpointOnlyOnceItTakesItAndResolvesWhenOpenAgain() {
        evolution.setState("inst-" + tenant.id(), EvolutionSimulator.State.CLOSE);
        monitorBetween(MIDNIGHT, MIDNIGHT.plus(Duration.ofMinutes(35)));
        assertThat(delivered("whatsapp_offline")).as("thirty minutes exactly is not more than thirty").isEmpty();
        // The endpoint cannot take the notice when the incident opens; the next check delivers it.
        env.tenantApp().failBetween(tenant.id(), 503, MIDNIGHT.plus(Duration.ofMinutes(60)), MIDNIGHT.plus(Duration.ofMinutes(65)));
        monitorBetween(MIDNIGHT.plus(Duration.ofMinutes(35)), MIDNIGHT.plus(Duration.ofMinutes(95)));
        assertThat(env.tenantApp().alertNotices()).extracting(TenantApp.AlertNotice::status).contains(503).endsWith(200);
        assertThat(delivered("whatsapp_offline")).extracting(TenantApp.AlertNotice::state).containsExactly("open");

        evolution.setState("inst-" + tenant.id(), EvolutionSimulator.State.OPEN);
        monitorBetween(MIDNIGHT.plus(Duration.ofMinutes(95)), MIDNIGHT.plus(Duration.ofMinutes(185)));

        assertThat(delivered("whatsapp_offline")).extracting(TenantApp.AlertNotice::state).containsExactly("open", "resolved");
        assertThat(toAdmin()).as("never through the instance that is offline").isEmpty();
        assertThat(count(Incidents.OPENED, "whatsapp_offline")).isEqualTo(1);
        assertThat(count(Incidents.RESOLVED, "whatsapp_offline")).isEqualTo(1);
        assertThat(env.metrics().total(TenantAlerts.OFFLINE_METRIC)).as("the checks at 01:00 and 01:30").isEqualTo(2);
    }

    @Test
    void aJobWhoseTicksStopForADayIsMissingItsRunsUntilItRunsAgain() {
        Job confirmations = job("processar_confirmacao_plantao");
        env.tick(confirmations, MIDNIGHT);
        OperationsMonitor operations = env.app("MonitoramentoDispatcherFunction").operations();
        // Its schedule delivers nothing from here on, as when disabled or deleted; the alert check keeps its own (every
        // two hours through the first day, which changes nothing, then every half hour around the 24 h mark).
        Instant at = MIDNIGHT;
        for (; at.isBefore(MIDNIGHT.plus(Duration.ofHours(26))); at = at.plus(Duration.ofMinutes(at.isBefore(MIDNIGHT.plus(Duration.ofHours(24))) ? 120 : 30))) {
            monitor(at);
        }
        assertThat(count(Incidents.OPENED, "missed_run")).isEqualTo(1);
        assertThat(operations.incidentsOpen()).extracting(Incident::subject).containsExactly(confirmations.name());
        assertThat(env.metrics().total(OperationsMonitor.METRIC)).as("one job, from 24 h 30 min on")
                .isEqualTo(Duration.ofHours(26).minus(Duration.ofMinutes(24 * 60 + 30)).toMinutes() / 30);

        env.tick(confirmations, at.minus(Duration.ofMinutes(30)));
        monitor(at);
        monitor(at.plus(Duration.ofMinutes(30)));

        assertThat(count(Incidents.OPENED, "missed_run")).isEqualTo(1);
        assertThat(count(Incidents.RESOLVED, "missed_run")).isEqualTo(1);
        assertThat(operations.incidentsOpen()).isEmpty();
        assertThat(env.tenantApp().alertNotices()).as("an operators' incident: no tenant is told").noneMatch(n -> n.alert().equals("missed_run"));
    }

    @Test
    void concurrentChecksOfOneConditionOpenOneIncident() throws Exception {
        IncidentStore store = DynamoIncidents.of(env.app("MonitoramentoWorkerFunction").workOf(tenant.id()));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> checks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            checks.add(pool.submit(() -> {
                go.await();
                return Incidents.apply(store, env.metrics(), Alert.STUCK_MESSAGES, tenant.id(), AlertRules.stuckMessages(2), MIDNIGHT);
            }));
        }
        go.countDown();
        for (Future<?> check : checks) {
            check.get();
        }
        pool.shutdown();

        assertThat(count(Incidents.OPENED, "stuck_messages")).isEqualTo(1);
        assertThat(store.find(Alert.STUCK_MESSAGES, tenant.id())).hasValueSatisfying(i -> assertThat(i.version()).isOne());
    }

    @Test
    void theOperatorsMetricsCarryNoTenantDimension() {
        evolution.setState("inst-" + tenant.id(), EvolutionSimulator.State.CLOSE);
        for (int i = 0; i <= 2; i++) {
            monitor(MIDNIGHT.plus(Duration.ofMinutes(30L * i)));
        }

        InMemoryMetricsSink metrics = env.metrics();
        List<String> names = List.of(TenantAlerts.STUCK_METRIC, TenantAlerts.OFFLINE_METRIC, TenantAlerts.ATTEMPTS_METRIC,
                TenantAlerts.FAILURES_METRIC, OperationsMonitor.METRIC, Incidents.OPENED, Incidents.RESOLVED, "AlertNotices", "AlertNoticesFailed");
        assertThat(metrics.snapshot().keySet()).as("every monitoring metric was emitted").contains(TenantAlerts.STUCK_METRIC,
                TenantAlerts.OFFLINE_METRIC, TenantAlerts.ATTEMPTS_METRIC, TenantAlerts.FAILURES_METRIC, OperationsMonitor.METRIC,
                Incidents.OPENED, "AlertNotices");
        assertThat(metrics.snapshot().keySet()).filteredOn(key -> names.stream().anyMatch(n -> key.startsWith(n + "{")))
                .allMatch(key -> key.matches("\\w+\\{(alert|channel)=\\w+}"));
    }
}
