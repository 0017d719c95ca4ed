package io.cadencia.local.hubsoft;

import io.cadencia.local.SimulatedClock;
import io.cadencia.retry.Sleeper;

import java.time.Duration;
import java.time.Instant;

/**
 * A pause in simulated time: the sleeper moves the shared clock forward to its wake-up time (never backwards), so
 * rate-limit waits and backoffs of a simulated day take no real time. Concurrent sleepers waking at the same
 * moment move the clock once, not once each.
 */
public final class SimulatedSleeper implements Sleeper {

    private final SimulatedClock clock;

    public SimulatedSleeper(SimulatedClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(Duration duration) {
        Instant wake = clock.instant().plus(duration);
        synchronized (clock) {
            if (clock.instant().isBefore(wake)) {
                clock.set(wake);
            }
        }
        // Let the other workers run at the new time before this one tries again.
        Thread.yield();
    }
}
