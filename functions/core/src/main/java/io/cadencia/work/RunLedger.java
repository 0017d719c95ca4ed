package io.cadencia.work;

import io.cadencia.claim.Claim;
import io.cadencia.dispatch.CatchUpTotals;
import io.cadencia.dispatch.RunId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The execution log, which also claims each tenant run once (its record doubles as the claim).
 *
 * <p>Thread-safe: one instance serves a container, and any number of workers in any number of containers race on
 * the same keys; the outcome of every race is decided by the store's conditional writes. No argument is null and
 * nothing returned is null. A failed call to the store throws any {@link RuntimeException}: the worker hands the
 * message back and the run is retried on a later delivery.
 */
public interface RunLedger {

    /**
     * Takes the run for {@code owner} until {@code now + lease}: {@link Claim.Claimed} (first claim, a failed run
     * tried again, or an expired lease taken over; {@code attempts} counts them), {@link Claim.Held} by a live
     * lease, or {@link Claim.Finished}.
     */
    Claim claim(RunId key, String category, String owner, Instant now, Duration lease);

    /**
     * Records an unclaimed run (see {@link JobRunner#claimsItsOwnItems()}, {@link io.cadencia.catalogue.Effects#NONE})
     * unless one is already recorded for the same key; a failed record may be replaced. Returns false when an earlier
     * delivery recorded it.
     */
    boolean record(RunId key, RunRecord record, Instant now);

    /** Writes the final record; only the lease owner may. Returns false when the lease was lost. */
    boolean finish(RunId key, Claim.Claimed claim, RunRecord record);

    /** The newest runs of a job, newest first, at most {@code limit}. */
    List<RunRecord> byJob(String job, int limit);

    /** The newest runs for a tenant, newest first, at most {@code limit}. */
    List<RunRecord> byTenant(String tenantId, int limit);

    /** The newest dispatch of a job's tick (tenants in {@link RunRecord#processed()}); empty before the first. */
    Optional<RunRecord> lastDispatch(String job);

    /** Every job's missed and caught-up ticks, by job name; a job that never missed a tick is absent. One read. */
    Map<String, CatchUpTotals> catchUpTotals();
}
