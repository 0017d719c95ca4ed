package io.cadencia.app;

import io.cadencia.billing.Billing;
import io.cadencia.billing.BillingSuspensions;
import io.cadencia.billing.MessageSender;
import io.cadencia.hubsoft.HubSoftDailyCheckup;
import io.cadencia.hubsoft.HubSoftTicketSync;
import io.cadencia.work.JobRunner;

import java.util.HashMap;
import java.util.Map;

/**
 * Catalogue jobs with built-in logic, by job name. Every job not listed here calls the tenant's endpoint.
 */
final class BuiltInJobs {

    private BuiltInJobs() {
    }

    static Map<String, JobRunner> create(Cadencia app) {
        Map<String, JobRunner> jobs = new HashMap<>();
        jobs.put(MessageSender.JOB, new MessageSender(app));
        // sincronizar_briefing (category sync, hourly) is the catalogue's sync slot: seed 003's ticket sync is an
        // hourly synchronization with HubSoft, and no other sync job runs that often (sincronizar_templates is daily).
        jobs.put("sincronizar_briefing", withHubSoft(app, context -> new HubSoftTicketSync(app.hubsoft(), app::workOf,
                app.metrics()).run(context)));
        // doctor_state_manutencao_diaria (manutencao, 03:00) is the daily health check of tenant state: the contract
        // status checkup belongs there, and 03:00 is before the first reminders of the day are sent. What it finds
        // pauses (suspended, cancelled) or resumes (active) the clients' billing reminders.
        BillingSuspensions suspensions = new BillingSuspensions(Billing.of(app).messages(), app.tenants(), app.metrics(), app.clock());
        jobs.put("doctor_state_manutencao_diaria", withHubSoft(app, context -> new HubSoftDailyCheckup(app.hubsoft(), app::workOf,
                app.metrics(), suspensions).run(context)));
        return jobs;
    }

    /**
     * A HubSoft job applies only to tenants with HubSoft credentials; every other tenant keeps its endpoint call.
     * The registry is read at run time: it does not exist yet while this map is being built.
     */
    private static JobRunner withHubSoft(Cadencia app, JobRunner hubSoftJob) {
        return context -> app.hubsoft().configured(context.tenant().id())
                ? hubSoftJob.run(context)
                : app.registry().endpointRunner().run(context);
    }
}
