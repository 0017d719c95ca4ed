package io.cadencia.alerts;

import io.cadencia.catalogue.Catalogue;
import io.cadencia.catalogue.Job;
import io.cadencia.dispatch.DispatchOutcome;
import io.cadencia.dispatch.Tick;
import io.cadencia.dispatch.Trigger;
import io.cadencia.observability.MetricsSink;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Seed 002's "scheduler did not run in the last 24 h", per job, for the operators: every catalogue job's tick ledger
 * judged against its schedule ({@link AlertRules#missedRun}), one incident per job in the runs table, and the count of
 * jobs missing their runs as the metric {@code JobsMissingRuns} that {@code MissedRunAlarm} watches.
 *
 * <p><b>Where it runs.</b> In the monitoramento dispatcher, right after it dispatched a scheduled tick of
 * {@code verificar_alertas}: the tick's claim already makes that once per tick whatever the duplicate deliveries, it
 * needs no tenant (it concerns them all, and runs with none), it reads only the runs table the dispatcher already
 * writes, and it is done before any tenant's work, so no tenant's run carries it or fails for it. If it stops running
 * (the schedule of {@code verificar_alertas} gone, its dispatcher failing) the metric stops, and the alarm treats the
 * missing data as breaching.
 */
public final class OperationsMonitor {

    public static final String METRIC = "JobsMissingRuns";
    private static final Logger LOG = LogManager.getLogger(OperationsMonitor.class);

    private final Catalogue catalogue;
    private final RunHistory history;
    private final IncidentStore incidents;
    private final MetricsSink metrics;
    private final Clock clock;

    public OperationsMonitor(Catalogue catalogue, RunHistory history, IncidentStore incidents, MetricsSink metrics, Clock clock) {
        this.catalogue = catalogue;
        this.history = history;
        this.incidents = incidents;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Called by the dispatcher after each tick it handled: judges every job after a scheduled tick of
     * {@code verificar_alertas} that this invocation claimed (dispatched, paused or with no tenants; not a duplicate).
     * A failure is logged and counted, never the dispatch's: the tenants' work is already on its way.
     */
    public void afterTick(Job job, Tick tick, DispatchOutcome outcome) {
        if (!job.name().equals(TenantAlerts.JOB) || tick.trigger() != Trigger.SCHEDULE || outcome.status() == DispatchOutcome.Status.DUPLICATE
                || outcome.status() == DispatchOutcome.Status.FAILED) {
            return;
        }
        try {
            checkJobs();
        } catch (RuntimeException e) {
            LOG.error("checking the jobs' runs after tick {} failed; JobsMissingRuns not emitted", tick, e);
            metrics.count("OperationsCheckFailed", Map.of());
        }
    }

    /** The jobs missing their runs now, as the last check left them. */
    public List<Incident> incidentsOpen() {
        return incidents.all().stream().filter(Incident::isOpen).toList();
    }

    /** Judges every job now and returns how many are missing their runs. */
    public int checkJobs() {
        Instant now = clock.instant();
        int missing = 0;
        for (Job job : catalogue.jobs()) {
            Check check = AlertRules.missedRun(job.name(), job.schedule(), now, history);
            Optional<Incident> incident = Incidents.apply(incidents, metrics, Alert.MISSED_RUN, job.name(), check, now);
            incident.filter(i -> i.changedAt().equals(now)).ifPresent(i -> LOG.warn("job {}: alert {} {}: {}", job.name(),
                    Alert.MISSED_RUN.wire(), i.isOpen() ? "opened" : "resolved", i.detail()));
            missing += incident.filter(Incident::isOpen).isPresent() ? 1 : 0;
        }
        metrics.count(METRIC, missing, Map.of());
        return missing;
    }
}
