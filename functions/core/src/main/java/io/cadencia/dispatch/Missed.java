package io.cadencia.dispatch;

import java.time.Instant;
import java.util.List;

/**
 * The fire times a scheduled tick found never dispatched since its job's previous tick, and what the job's catch-up
 * policy ({@link io.cadencia.catalogue.CatchUp}) dispatched of them at that tick.
 *
 * @param ticks    how many were missed, the tick itself included when it came later than the catch-up window
 * @param caughtUp the missed fire times this tick dispatched, oldest first, each as its own scheduled tick
 * @param messages the work messages sent for them
 */
public record Missed(int ticks, List<Instant> caughtUp, int messages) {

    public static final Missed NONE = new Missed(0, List.of(), 0);

    public Missed {
        caughtUp = List.copyOf(caughtUp);
    }

    public boolean any() {
        return ticks > 0 || !caughtUp.isEmpty();
    }
}
