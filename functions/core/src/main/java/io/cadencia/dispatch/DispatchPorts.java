package io.cadencia.dispatch;

import io.cadencia.claim.Claim;

import java.time.Instant;
import java.util.Optional;
import java.util.List;

/** What the dispatcher needs from the outside world. */
public final class DispatchPorts {

    private DispatchPorts() {
    }

    /** Claims a tick once, whatever the duplicate deliveries, and records what the dispatch did. */
    public interface TickLedger {
        /** Present for the first caller of this tick only (or again after that dispatch failed). */
        Optional<Claim.Claimed> claim(Tick tick, String category, Instant now);

        void record(Tick tick, Claim.Claimed claim, DispatchOutcome outcome, Instant startedAt, Instant endedAt);
    }

    public interface Controls {
        PauseState pauses();

        void pause(String kind, String name, String reason, Instant at);

        void resume(String kind, String name);
    }

    public interface WorkQueue {
        /** Sends the messages to the category's FIFO queue; returns how many were accepted. */
        int send(String category, List<WorkMessage> messages);
    }
}
