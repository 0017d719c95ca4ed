package io.cadencia.alerts;

import io.cadencia.work.RunRecord;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The execution log and the tick ledger as the alerts read them. Thread-safe; no argument is null and nothing
 * returned is null. A failed call to the store throws any {@link RuntimeException}: the evaluation fails and the
 * next one (30 minutes later) tries again.
 */
public interface RunHistory {

    /** The tenant's runs whose scheduled time is at or after {@code since}, whatever their result. */
    List<RunRecord> tenantRunsSince(String tenantId, Instant since);

    /**
     * The newest scheduled tick of {@code job} at or after {@code notBefore} that ran: its dispatch found the tenants
     * (or none), or found the job paused by an operator. Run-now ticks and failed dispatches do not count.
     */
    Optional<Instant> lastTickRan(String job, Instant notBefore);

    /** The oldest tick of {@code job} the ledger still holds (within its retention), whatever became of it. */
    Optional<Instant> firstTickRecorded(String job);
}
