package io.cadencia.app;

import io.cadencia.alerts.AlertNotifier;
import io.cadencia.alerts.RunHistory;
import io.cadencia.alerts.TenantAlerts;
import io.cadencia.alerts.WhatsAppCheck;
import io.cadencia.billing.BillingSuspensions;
import io.cadencia.billing.MessageSender;
import io.cadencia.billing.ReminderMessages;
import io.cadencia.endpoint.EndpointJob;
import io.cadencia.hubsoft.HubSoft;
import io.cadencia.hubsoft.HubSoftDailyCheckup;
import io.cadencia.hubsoft.HubSoftTicketSync;
import io.cadencia.observability.MetricsSink;
import io.cadencia.secrets.TenantKeys;
import io.cadencia.tenant.TenantDirectory;
import io.cadencia.tenant.TenantScope;
import io.cadencia.work.JobRunner;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Catalogue jobs with built-in logic, by job name. Every job not listed here calls the tenant's endpoint.
 */
final class BuiltInJobs {

    private BuiltInJobs() {
    }

    /**
     * @param work      a tenant's view of the work table: the HubSoft jobs reach tenant data only through it
     * @param endpoint  the endpoint call every tenant without HubSoft keeps for the HubSoft jobs, and that alerts use
     * @param history   the execution log and tick ledger, which the alerts are judged from
     */
    static Map<String, JobRunner> create(MessageSender sender, Supplier<HubSoft> hubsoft, Function<String, TenantScope> work,
                                         ReminderMessages messages, TenantDirectory tenants, MetricsSink metrics, Clock clock,
                                         EndpointJob endpoint, RunHistory history, TenantKeys keys) {
        Map<String, JobRunner> jobs = new HashMap<>();
        jobs.put(MessageSender.JOB, sender);
        // Seed 002's monitoring: the WhatsApp check records each tenant's instance state, the alert check turns it,
        // stuck messages and the error rate into incidents told to the tenant (seed 000: to each tenant individually).
        jobs.put(WhatsAppCheck.JOB, new WhatsAppCheck(work, keys, sender.whatsapp(), clock));
        AlertNotifier notifier = new AlertNotifier(endpoint, sender.whatsapp(), keys, metrics, clock, Cadencia.ZONE);
        jobs.put(TenantAlerts.JOB, new TenantAlerts(work, messages, history, notifier, metrics, clock, MessageSender.JOB));
        // sincronizar_briefing (category sync, hourly) is the catalogue's sync slot: seed 003's ticket sync is an
        // hourly synchronization with HubSoft, and no other sync job runs that often (sincronizar_templates is daily).
        jobs.put("sincronizar_briefing", withHubSoft(hubsoft, endpoint,
                context -> new HubSoftTicketSync(hubsoft.get(), work, metrics).run(context)));
        // doctor_state_manutencao_diaria (manutencao, 03:00) is the daily health check of tenant state: the contract
        // status checkup belongs there, and 03:00 is before the first reminders of the day are sent. What it finds
        // pauses (suspended, cancelled) or resumes (active) the clients' billing reminders.
        BillingSuspensions suspensions = new BillingSuspensions(messages, tenants, metrics, clock);
        jobs.put("doctor_state_manutencao_diaria", withHubSoft(hubsoft, endpoint,
                context -> new HubSoftDailyCheckup(hubsoft.get(), work, metrics, suspensions).run(context)));
        return jobs;
    }

    /** A HubSoft job applies only to tenants with HubSoft credentials; every other tenant keeps its endpoint call. */
    private static JobRunner withHubSoft(Supplier<HubSoft> hubsoft, JobRunner endpoint, JobRunner hubSoftJob) {
        return context -> hubsoft.get().configured(context.tenant().id()) ? hubSoftJob.run(context) : endpoint.run(context);
    }
}
