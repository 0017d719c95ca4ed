package io.cadencia.fakes;

import io.cadencia.claim.Claim;
import io.cadencia.dispatch.CatchUpTotals;
import io.cadencia.dispatch.RunId;
import io.cadencia.work.RunLedger;
import io.cadencia.work.RunRecord;
import io.cadencia.work.RunStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs table's claims, as {@code DynamoRunLedger} makes them: a run is claimed once; a live lease holds it,
 * an expired one is taken over; a {@code failed} run is claimable (and recordable) again; a claim's attempts count
 * every claim of the run; only the holder of the claim at its version may finish it.
 *
 * <p>Not modelled: the execution log's contents and queries ({@link #byJob}, {@link #byTenant},
 * {@link #lastDispatch}, {@link #catchUpTotals} throw; the control function's reads are proven against DynamoDB
 * Local), retention, and failed calls to the store. Thread-safe.
 */
public final class InMemoryRunLedger implements RunLedger {

    private final InMemoryClaims<RunId> claims = new InMemoryClaims<>();

    @Override
    public Claim claim(RunId key, String category, String owner, Instant now, Duration lease) {
        return claims.claim(key, owner, now, lease);
    }

    @Override
    public boolean record(RunId key, RunRecord record, Instant now) {
        return claims.create(key, RunStatus.afterRun(record.result()).wire());
    }

    @Override
    public boolean finish(RunId key, Claim.Claimed claim, RunRecord record) {
        return claims.release(key, claim, RunStatus.afterRun(record.result()).wire());
    }

    @Override
    public List<RunRecord> byJob(String job, int limit) {
        throw new UnsupportedOperationException("InMemoryRunLedger keeps no execution log");
    }

    @Override
    public List<RunRecord> byTenant(String tenantId, int limit) {
        throw new UnsupportedOperationException("InMemoryRunLedger keeps no execution log");
    }

    @Override
    public Optional<RunRecord> lastDispatch(String job) {
        throw new UnsupportedOperationException("InMemoryRunLedger keeps no execution log");
    }

    @Override
    public Map<String, CatchUpTotals> catchUpTotals() {
        throw new UnsupportedOperationException("InMemoryRunLedger keeps no execution log");
    }

    /** Each run's claim status ({@link RunStatus#wire()}: in_progress, done or failed), in the order first written. */
    public Map<RunId, String> statuses() {
        return claims.statuses();
    }
}
