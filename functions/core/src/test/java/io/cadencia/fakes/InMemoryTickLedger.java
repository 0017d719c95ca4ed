package io.cadencia.fakes;

import io.cadencia.claim.Claim;
import io.cadencia.dispatch.DispatchOutcome;
import io.cadencia.dispatch.DispatchPorts;
import io.cadencia.dispatch.Tick;
import io.cadencia.dispatch.Trigger;
import io.cadencia.work.RunStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Ticks claimed as {@code DynamoTickLedger} claims them: once per tick (a run-now apart from the schedule's tick,
 * one for a single tenant apart from one for all), again after a failed dispatch or once the 5-minute lease of a
 * dispatch that never recorded its outcome has expired. An outcome is kept only while its claim still holds.
 *
 * <p>Not modelled: the dispatch record's other attributes (times, counts, retention, catch-up totals) and failed calls
 * to the store.
 * Thread-safe.
 */
public final class InMemoryTickLedger implements DispatchPorts.TickLedger {

    /** The runtime's lease on a tick, so a takeover here happens when it would there. */
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final InMemoryClaims<Tick> claims = new InMemoryClaims<>();
    private final Map<Tick, DispatchOutcome> outcomes = new LinkedHashMap<>();
    private final String owner;

    public InMemoryTickLedger(String owner) {
        this.owner = owner;
    }

    @Override
    public Optional<Claim.Claimed> claim(Tick tick, String category, Instant now) {
        return claims.claim(tick, owner, now, LEASE) instanceof Claim.Claimed claimed ? Optional.of(claimed) : Optional.empty();
    }

    @Override
    public synchronized void record(Tick tick, Claim.Claimed claim, DispatchOutcome outcome, Instant startedAt, Instant endedAt) {
        RunStatus status = outcome.status() == DispatchOutcome.Status.FAILED ? RunStatus.FAILED : RunStatus.DONE;
        if (claims.release(tick, claim, status.wire())) {
            outcomes.put(tick, outcome);
        }
    }

    @Override
    public Optional<DispatchPorts.PastTick> newestBefore(String job, Instant before) {
        return statuses().entrySet().stream()
                .filter(e -> e.getKey().job().equals(job) && e.getKey().trigger() == Trigger.SCHEDULE && e.getKey().scheduledTime().isBefore(before))
                .max(Comparator.comparing((Map.Entry<Tick, String> e) -> e.getKey().scheduledTime()))
                .map(e -> new DispatchPorts.PastTick(e.getKey().scheduledTime(), RunStatus.FAILED.is(e.getValue())));
    }

    /** Each claimed tick's claim status ({@link RunStatus#wire()}), in the order first claimed. */
    public Map<Tick, String> statuses() {
        return claims.statuses();
    }

    /** The latest recorded outcome of each tick, in the order first recorded. */
    public synchronized Map<Tick, DispatchOutcome> outcomes() {
        return new LinkedHashMap<>(outcomes);
    }
}
