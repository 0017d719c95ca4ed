package io.cadencia.work;

import io.cadencia.catalogue.Catalogue;
import io.cadencia.catalogue.Effects;
import io.cadencia.catalogue.Job;
import io.cadencia.catalogue.UnknownNameException;
import io.cadencia.claim.Claim;
import io.cadencia.dispatch.RunId;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.observability.MetricsSink;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantDirectory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one tenant's work message: claims the run (so a redelivered or duplicated message acts once), runs the
 * job's logic and writes the execution record. A job without effects ({@link Effects#NONE}) or one that claims its
 * own items is not claimed: it runs, then its record is written unless a delivery of the same run wrote one first.
 * A message that can never run throws {@link UnrunnableWorkException}; failures worth retrying surface as
 * {@link RetryableWorkException}, and any other exception (a storage call that failed) is worth retrying too.
 */
public final class Worker {

    private final Catalogue catalogue;
    private final TenantDirectory tenants;
    private final RunLedger ledger;
    private final JobRegistry registry;
    private final Clock clock;
    private final String workerId;
    private final Duration lease;
    private final MetricsSink metrics;

    public Worker(Catalogue catalogue, TenantDirectory tenants, RunLedger ledger, JobRegistry registry, Clock clock,
                  String workerId, Duration lease, MetricsSink metrics) {
        this.catalogue = catalogue;
        this.tenants = tenants;
        this.ledger = ledger;
        this.registry = registry;
        this.clock = clock;
        this.workerId = workerId;
        this.lease = lease;
        this.metrics = metrics;
    }

    /**
     * @param deadline when the job must stop taking new items; it is also bound to the thread while the job runs
     *                 (see {@link Deadline#within}), so adapters' waits respect it
     */
    public RunRecord process(WorkMessage work, Deadline deadline) {
        Job job = jobOf(work);
        Instant started = clock.instant();
        Optional<Tenant> tenant = tenants.find(work.tenantId());
        RunId key = work.runId();
        if (tenant.isEmpty() || !tenant.get().active()) {
            // The tenant was removed or deactivated after dispatch: nothing to do and nothing to retry, but the
            // execution log and a metric keep the trace (a message for a tenant nobody knows is worth a look).
            RunRecord skipped = skipped(work, started, tenant.isEmpty() ? "tenant not found" : "tenant inactive");
            ledger.record(key, skipped, clock.instant());
            metrics.count(tenant.isEmpty() ? "RunsForUnknownTenant" : "RunsForInactiveTenant", Map.of("category", work.category()));
            return skipped;
        }
        JobRunner runner = registry.runnerFor(work.job());
        JobContext context = new JobContext(job, work, tenant.get(), tenants.settingsOf(tenant.get()), clock, workerId, deadline);
        if (runner.claimsItsOwnItems() || job.effects() == Effects.NONE) {
            return runUnclaimed(runner, context, key, started);
        }
        Claim claim = ledger.claim(key, job.category(), workerId, started, lease);
        Claim.Claimed claimed;
        switch (claim) {
            case Claim.Claimed c -> claimed = c;
            case Claim.Finished finished -> {
                return skipped(work, started, "already " + finished.status());
            }
            case Claim.Held held -> throw new RetryableWorkException("run " + key + " is held by " + held.owner() + " until " + held.leaseUntil());
        }
        JobOutcome outcome;
        try {
            outcome = runWithin(runner, context);
        } catch (Exception e) {
            finish(key, claimed, work, started, new JobOutcome(0, 0, 1, describe(e), true));
            throw failed(work, describe(e), claimed.attempts(), e);
        }
        RunRecord record = finish(key, claimed, work, started, outcome);
        if (outcome.retry()) {
            throw failed(work, outcome.detail(), claimed.attempts(), null);
        }
        return record;
    }

    /** The message's job; a job the catalogue does not have, or has in another category, can never run. */
    private Job jobOf(WorkMessage work) {
        Job job;
        try {
            job = catalogue.require(work.job());
        } catch (UnknownNameException e) {
            throw new UnrunnableWorkException(e.getMessage(), e);
        }
        if (!job.category().equals(work.category())) {
            throw new UnrunnableWorkException("category '" + work.category() + "' does not match job '" + work.job() + "' (category " + job.category() + ")");
        }
        return job;
    }

    private static JobOutcome runWithin(JobRunner runner, JobContext context) throws Exception {
        return context.deadline().within(() -> runner.run(context));
    }

    private static RetryableWorkException failed(WorkMessage work, String why, int attempts, Throwable cause) {
        return new RetryableWorkException("job " + work.job() + " failed for tenant " + work.tenantId()
                + (attempts > 0 ? " (attempt " + attempts + ")" : "") + ": " + why, attempts, cause);
    }

    private RunRecord runUnclaimed(JobRunner runner, JobContext context, RunId key, Instant started) {
        WorkMessage work = context.work();
        JobOutcome outcome;
        try {
            outcome = runWithin(runner, context);
        } catch (Exception e) {
            ledger.record(key, toRecord(work, started, new JobOutcome(0, 0, 1, describe(e), true)), clock.instant());
            throw failed(work, describe(e), 0, e);
        }
        RunRecord record = toRecord(work, started, outcome);
        if (!ledger.record(key, record, clock.instant())) {
            // A duplicate delivery ran it again, and nothing happened twice: its items were claimed one by one, or
            // it only observed.
            return skipped(work, started, "already recorded by an earlier delivery");
        }
        if (outcome.retry()) {
            throw failed(work, outcome.detail(), 0, null);
        }
        return record;
    }

    private RunRecord toRecord(WorkMessage work, Instant started, JobOutcome outcome) {
        return new RunRecord(work.job(), work.category(), work.tenantId(), work.scheduledTime(), work.trigger(),
                started, clock.instant(), outcome.result().wire(), outcome.processed(), outcome.succeeded(), outcome.failed(), outcome.detail());
    }

    private RunRecord finish(RunId key, Claim.Claimed claim, WorkMessage work, Instant started, JobOutcome outcome) {
        RunRecord record = toRecord(work, started, outcome);
        if (!ledger.finish(key, claim, record)) {
            throw new RetryableWorkException("lost the lease on run " + key + " before finishing; another worker owns it now");
        }
        return record;
    }

    private RunRecord skipped(WorkMessage work, Instant started, String why) {
        return new RunRecord(work.job(), work.category(), work.tenantId(), work.scheduledTime(), work.trigger(),
                started, clock.instant(), RunStatus.SKIPPED.wire(), 0, 0, 0, why);
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
