package io.cadencia.dispatch;

import java.time.Instant;

/**
 * A job's missed ticks and caught-up ticks since its first missed one, and the latest scheduled tick that found any
 * missed ({@code lastTick}), with what it found and caught up.
 */
public record CatchUpTotals(long missedTicks, long caughtUp, Instant lastTick, int lastMissed, int lastCaughtUp) {
}
