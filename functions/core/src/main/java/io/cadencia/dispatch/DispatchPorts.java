package io.cadencia.dispatch;

import io.cadencia.claim.Claim;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.List;

/**
 * What the dispatcher needs from the outside world. Every port is thread-safe (one instance serves a container),
 * takes no null argument and returns no null. A port throws only for a failed call to its store (any
 * {@link RuntimeException}): the dispatch fails and the scheduler's retry of the tick dispatches again.
 */
public final class DispatchPorts {

    private DispatchPorts() {
    }

    /** Claims a tick once, whatever the duplicate deliveries, and records what the dispatch did. */
    public interface TickLedger {
        /** Present for the first caller of this tick only (or again after that dispatch failed); empty for a duplicate. */
        Optional<Claim.Claimed> claim(Tick tick, String category, Instant now);

        /**
         * Records what the dispatch did, {@link DispatchOutcome#missed()} included: the job's missed and caught-up
         * ticks are added to its totals ({@link io.cadencia.work.RunLedger#catchUpTotals()}).
         */
        void record(Tick tick, Claim.Claimed claim, DispatchOutcome outcome, Instant startedAt, Instant endedAt);

        /**
         * The job's newest scheduled tick claimed before {@code before}, whatever its outcome; empty when none is
         * (the first tick, or records past their retention). One read of the job's dispatch records, never a scan;
         * run-nows and backfills do not count.
         */
        Optional<PastTick> newestBefore(String job, Instant before);
    }

    /** A scheduled tick's claim: when it was scheduled, and whether its dispatch failed (so it is claimable again). */
    public record PastTick(Instant scheduledTime, boolean failed) {
    }

    /** The operator's pause flags (seed 001), read by every dispatch and every worker batch. */
    public interface Controls {
        /** Every flag now set, read consistently (a pause just set is seen). */
        PauseState pauses();

        /**
         * Sets the flag of a {@code kind} ({@code job} or {@code category}) named {@code name}, replacing any earlier
         * one; {@code reason} as the operator gave it, empty when none was given.
         */
        void pause(String kind, String name, Optional<String> reason, Instant at);

        /** Clears the flag; clearing one that is not set does nothing. */
        void resume(String kind, String name);
    }

    /**
     * Which tenants to wake for a job at a tick: one sparse index for both kinds of job that wake only some tenants.
     * A due-driven job's entries are kept by the writes that schedule its items; a tenant-time job's entry holds the
     * tenant's next local slot, written when the tenant or its settings change and advanced by the dispatch.
     */
    public interface WakeIndex {
        /** Whether {@code job} is due-driven: its ticks other than the sweeps claim nothing when no tenant is due. */
        boolean drives(String job);

        /**
         * Empty when {@code job} is not due-driven (it wakes every active tenant); otherwise the ids of the tenants
         * woken for it at or before {@code at}.
         */
        Optional<Set<String>> due(String job, Instant at);

        /** Every tenant whose wake for {@code job} is at or before {@code at}, with that wake time. */
        Map<String, Instant> wakes(String job, Instant at);

        /**
         * Moves a tenant-time job's wake from {@code from} to {@code to}; false, changing nothing, when the entry no
         * longer holds {@code from} (a settings change wrote a new slot meanwhile, which then stands).
         */
        boolean advance(String job, String tenantId, Instant from, Instant to);

        /**
         * Sets a tenant-time job's wake to {@code slot}, unless the entry is already due at {@code now}: that slot
         * has not been dispatched yet, so it is kept, runs at the next tick and is advanced by the new settings then.
         */
        void schedule(String job, String tenantId, Instant slot, Instant now);
    }

    public interface WorkQueue {
        /**
         * Sends the messages to the category's FIFO queue (group = tenant, deduplication id =
         * {@link WorkMessage#deduplicationId()}); returns how many were accepted. Throws when some could not be
         * sent: a retry of the same tick sends again, and deduplication drops the copies already sent.
         */
        int send(String category, List<WorkMessage> messages);
    }
}
