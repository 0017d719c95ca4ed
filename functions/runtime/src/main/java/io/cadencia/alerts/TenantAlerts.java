package io.cadencia.alerts;

import io.cadencia.billing.ReminderMessages;
import io.cadencia.observability.MetricsSink;
import io.cadencia.tenant.TenantScope;
import io.cadencia.work.JobContext;
import io.cadencia.work.JobOutcome;
import io.cadencia.work.JobRunner;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code verificar_alertas} (seed 001, every 30 minutes): evaluates seed 002's tenant alerts for one tenant — messages
 * stuck in sending for more than 2 hours, an error rate above 10 % over the last hour, the instance offline for more
 * than 30 minutes — as incidents in the tenant's partition of the work table, and tells the tenant once when one
 * opens and once when it resolves ({@link AlertNotifier}).
 *
 * <p>For the operators it adds the tenant's share to aggregate metrics without any tenant dimension (a tenant ×
 * metric is a metric billed on its own): {@code StuckMessages}, {@code WhatsAppInstancesOffline} and the error rate's
 * two terms {@code ErrorRateAttempts} and {@code ErrorRateFailures}, whose sums over all tenants the CloudWatch alarms
 * read (the overall rate is their quotient, a metric-math expression). The fourth alert, a job that missed its runs,
 * concerns every tenant at once and is judged once per tick by {@link OperationsMonitor}.
 */
public final class TenantAlerts implements JobRunner {

    public static final String JOB = "verificar_alertas";
    /** The operators' metrics, each without dimension: summed over tenants by the alarms of template.yaml. */
    public static final String STUCK_METRIC = "StuckMessages";
    public static final String OFFLINE_METRIC = "WhatsAppInstancesOffline";
    public static final String ATTEMPTS_METRIC = "ErrorRateAttempts";
    public static final String FAILURES_METRIC = "ErrorRateFailures";
    /** Enough to say "some": the count is for the notice and the metric, not an inventory. */
    private static final int STUCK_COUNTED = 100;
    private static final Logger LOG = LogManager.getLogger(TenantAlerts.class);

    private final Function<String, TenantScope> work;
    private final ReminderMessages messages;
    private final RunHistory history;
    private final AlertNotifier notifier;
    private final MetricsSink metrics;
    private final Clock clock;
    private final String sendingJob;

    /** @param sendingJob the reminder sender, whose runs count each send as an attempt */
    public TenantAlerts(Function<String, TenantScope> work, ReminderMessages messages, RunHistory history, AlertNotifier notifier,
                        MetricsSink metrics, Clock clock, String sendingJob) {
        this.work = work;
        this.messages = messages;
        this.history = history;
        this.notifier = notifier;
        this.metrics = metrics;
        this.clock = clock;
        this.sendingJob = sendingJob;
    }

    @Override
    public JobOutcome run(JobContext context) {
        String tenantId = context.tenant().id();
        Instant now = clock.instant();
        TenantScope scope = work.apply(tenantId);
        int stuck = messages.stuckInSending(tenantId, now.minus(AlertRules.STUCK_AFTER), STUCK_COUNTED).size();
        ErrorRate rate = ErrorRate.of(history.tenantRunsSince(tenantId, now.minus(AlertRules.ERROR_WINDOW)), sendingJob);
        Check offline = AlertRules.whatsAppOffline(WhatsAppHealth.read(scope), now);
        Map<Alert, Check> checks = new EnumMap<>(Alert.class);
        checks.put(Alert.STUCK_MESSAGES, AlertRules.stuckMessages(stuck));
        checks.put(Alert.ERROR_RATE, AlertRules.errorRate(rate));
        checks.put(Alert.WHATSAPP_OFFLINE, offline);

        IncidentStore incidents = DynamoIncidents.of(scope);
        List<String> summary = new ArrayList<>();
        checks.forEach((alert, check) -> {
            Optional<Incident> incident = Incidents.apply(incidents, metrics, alert, tenantId, check, now);
            incident.filter(i -> i.changedAt().equals(now)).ifPresent(i -> LOG.warn("tenant {}: alert {} {}: {}", tenantId,
                    alert.wire(), i.isOpen() ? "opened" : "resolved", i.detail()));
            String told = incident.map(i -> notifier.deliver(context, incidents, i)).orElse("");
            summary.add(alert.wire() + ": " + incident.map(i -> i.isOpen() ? "open" : "resolved").orElse("none") + " (" + check.detail()
                    + (told.isEmpty() ? "" : "; " + told) + ")");
        });

        metrics.count(STUCK_METRIC, stuck, Map.of());
        metrics.count(OFFLINE_METRIC, offline instanceof Check.Firing ? 1 : 0, Map.of());
        metrics.count(ATTEMPTS_METRIC, rate.attempts(), Map.of());
        metrics.count(FAILURES_METRIC, rate.failures(), Map.of());
        return JobOutcome.ok(1, String.join("; ", summary));
    }
}
