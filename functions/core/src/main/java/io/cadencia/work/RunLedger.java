package io.cadencia.work;

import io.cadencia.claim.Claim;
import io.cadencia.dispatch.RunId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The execution log, which also claims each tenant run once (its record doubles as the claim). */
public interface RunLedger {

    Claim claim(RunId key, String category, String owner, Instant now, Duration lease);

    /**
     * Records an unclaimed run (see {@link JobRunner#claimsItsOwnItems()}) unless one is already recorded for the
     * same key; a failed record may be replaced. Returns false when an earlier delivery recorded it.
     */
    boolean record(RunId key, RunRecord record, Instant now);

    /** Writes the final record; only the lease owner may. Returns false when the lease was lost. */
    boolean finish(RunId key, Claim.Claimed claim, RunRecord record);

    List<RunRecord> byJob(String job, int limit);

    List<RunRecord> byTenant(String tenantId, int limit);

    Optional<RunRecord> lastDispatch(String job);
}
