package io.cadencia.dispatch;

import io.cadencia.catalogue.CatchUp;
import io.cadencia.catalogue.Job;
import io.cadencia.claim.Claim;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantDirectory;
import io.cadencia.tenant.TenantId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one tick of a job into one work message per active tenant. The tick is claimed first, so a duplicate
 * delivery or an overlapping retry of the same tick dispatches nothing (seed 004: max_instances=1, coalesce).
 * A due-driven job's scheduled tick wakes only the active tenants its {@link DispatchPorts.WakeIndex} names; with
 * none, the tick writes nothing at all (no claim, no record, no message). Every {@link #SWEEP_EVERY} the tick wakes
 * every active tenant instead: a writer that died between a message's write and its wake write, or data written
 * before the index existed, then costs at most that long, and the sender's run sets the tenant's wake right again.
 *
 * <p>A scheduled tick also finds the ticks its job missed (dispatcher failing, scheduler delivering late, schedule
 * disabled): the fire times since the job's newest claimed tick that were never claimed. Its {@link CatchUp} policy
 * says which of them run; each runs as its own scheduled tick, claimed once, so concurrent dispatchers catching up
 * the same gap, and the scheduler's late delivery of a tick already caught up, dispatch it once in all.
 */
public final class Dispatcher {

    /** How often a due-driven job's tick is a sweep of every active tenant (a tick whose minute is a multiple). */
    public static final Duration SWEEP_EVERY = Duration.ofMinutes(15);

    private final DispatchPorts.TickLedger ledger;
    private final DispatchPorts.Controls controls;
    private final TenantDirectory tenants;
    private final DispatchPorts.WakeIndex wake;
    private final DispatchPorts.WorkQueue queue;
    private final Clock clock;

    public Dispatcher(DispatchPorts.TickLedger ledger, DispatchPorts.Controls controls, TenantDirectory tenants,
                      DispatchPorts.WakeIndex wake, DispatchPorts.WorkQueue queue, Clock clock) {
        this.ledger = ledger;
        this.controls = controls;
        this.tenants = tenants;
        this.wake = wake;
        this.queue = queue;
        this.clock = clock;
    }

    public DispatchOutcome dispatch(Job job, Tick tick) {
        tick.onlyTenant().ifPresent(this::requireActive);
        Optional<Set<String>> due = due(job, tick);
        if (due.isPresent() && due.get().isEmpty()) {
            return new DispatchOutcome(DispatchOutcome.Status.NO_TENANTS, 0, 0, "nothing due");
        }
        ClaimedWork work = tick.trigger() == Trigger.SCHEDULE ? (claim, started) -> scheduled(job, tick, due, claim, started)
                : (claim, started) -> fanOut(job, tick, due, false);
        return once(job, tick, work).orElseGet(() -> DispatchOutcome.duplicate(tick));
    }

    /** An operator's run-now or backfill, for one tenant or all, is explicit and wakes whoever it names. */
    private Optional<Set<String>> due(Job job, Tick tick) {
        return tick.onlyTenant().isEmpty() && tick.trigger() == Trigger.SCHEDULE && !sweep(tick.scheduledTime())
                ? wake.due(job.name(), tick.scheduledTime()) : Optional.empty();
    }

    /** What a claimed dispatch does; a throw records the tick as failed. */
    @FunctionalInterface
    private interface ClaimedWork {
        DispatchOutcome run(Claim.Claimed claim, Instant started);
    }

    /**
     * Claims the tick, does the work and records what it did; empty for a duplicate. A failed dispatch is released
     * as failed so the scheduler's retry of the tick dispatches again; SQS deduplication ids keep the tenants already
     * sent from getting a second message.
     */
    private Optional<DispatchOutcome> once(Job job, Tick tick, ClaimedWork work) {
        Instant started = clock.instant();
        Optional<Claim.Claimed> claim = ledger.claim(tick, job.category(), started);
        if (claim.isEmpty()) {
            return Optional.empty();
        }
        DispatchOutcome outcome;
        try {
            outcome = work.run(claim.get(), started);
        } catch (RuntimeException e) {
            ledger.record(tick, claim.get(), new DispatchOutcome(DispatchOutcome.Status.FAILED, 0, 0, e.getMessage()), started, clock.instant());
            throw e;
        }
        ledger.record(tick, claim.get(), outcome, started, clock.instant());
        return Optional.of(outcome);
    }

    /**
     * A claimed scheduled tick: first the ticks its job missed since its previous scheduled tick, as the job's
     * {@link CatchUp} policy says, each as its own scheduled tick, oldest first; then the tick itself, unless it came
     * later than the catch-up window or after a later tick (whose catch-up already decided it).
     */
    private DispatchOutcome scheduled(Job job, Tick tick, Optional<Set<String>> due, Claim.Claimed claim, Instant now) {
        Optional<DispatchPorts.PastTick> previous = ledger.latest(job.name(), 2).stream()
                .filter(past -> !past.scheduledTime().equals(tick.scheduledTime())).findFirst();
        Optional<DispatchPorts.PastTick> later = previous.filter(past -> past.scheduledTime().isAfter(tick.scheduledTime()));
        // A first delivery after a later tick whose catch-up is over was decided by it. A retried tick (its first
        // dispatch failed) still runs, and so does one whose later tick is still catching up: the claim of each
        // caught-up tick makes one of them dispatch it.
        if (later.filter(past -> past.state() == DispatchPorts.PastTick.State.DONE).isPresent() && claim.attempts() == 1) {
            return new DispatchOutcome(DispatchOutcome.Status.SKIPPED, 0, 0, "the later tick at " + later.get().scheduledTime()
                    + " was dispatched first, and its catch-up decided this one (policy " + job.catchUp().describe() + ")");
        }
        List<Instant> missed = later.isPresent() ? List.of() : previous.map(p -> missedSince(job, p, tick)).orElse(List.of());
        CatchUp.Plan plan = job.catchUp().plan(missed, tick.scheduledTime(), now);
        Missed caughtUp = catchUp(job, tick, plan);
        if (plan.tickTooLate()) {
            return new DispatchOutcome(DispatchOutcome.Status.SKIPPED, 0, 0, "delivered " + Duration.between(tick.scheduledTime(), now)
                    + " after its time, later than the catch-up window " + job.catchUp().window(), caughtUp);
        }
        return fanOut(job, tick, due, false).with(caughtUp);
    }

    /**
     * The job's fire times after {@code previous} and before {@code tick} that were never claimed, and
     * {@code previous} itself when its dispatch failed. A due-driven job claims nothing at a tick with nothing due,
     * so only its sweeps can be told missed.
     */
    private List<Instant> missedSince(Job job, DispatchPorts.PastTick previous, Tick tick) {
        List<Instant> missed = new ArrayList<>();
        if (previous.state() == DispatchPorts.PastTick.State.FAILED) {
            missed.add(previous.scheduledTime());
        }
        boolean dueDriven = wake.drives(job.name());
        for (Instant fire : job.schedule().firesBetween(previous.scheduledTime().plusSeconds(1), tick.scheduledTime())) {
            if (!dueDriven || sweep(fire)) {
                missed.add(fire);
            }
        }
        return missed;
    }

    /** Dispatches the ticks the plan runs; one already claimed (by a concurrent dispatcher, or delivered late) is left alone. */
    private Missed catchUp(Job job, Tick tick, CatchUp.Plan plan) {
        List<Instant> caughtUp = new ArrayList<>();
        int messages = 0;
        for (Instant at : plan.run()) {
            Tick missed = Tick.scheduled(job.name(), at);
            Optional<Set<String>> due = due(job, missed);
            if (due.isPresent() && due.get().isEmpty()) {
                continue;
            }
            Optional<DispatchOutcome> outcome = once(job, missed, (claim, started) -> {
                DispatchOutcome sent = fanOut(job, missed, due, true);
                return sent.detail() != null ? sent
                        : new DispatchOutcome(sent.status(), sent.tenants(), sent.messages(), "caught up by the tick at " + tick.scheduledTime());
            });
            // A paused job's missed ticks are recorded paused, as its ticks are: nothing was caught up.
            if (outcome.isPresent() && outcome.get().status() == DispatchOutcome.Status.DISPATCHED) {
                caughtUp.add(at);
                messages += outcome.get().messages();
            }
        }
        return new Missed(plan.missed(), caughtUp, messages);
    }

    private static boolean sweep(Instant scheduledTime) {
        return scheduledTime.getEpochSecond() / 60 % SWEEP_EVERY.toMinutes() == 0;
    }

    private DispatchOutcome fanOut(Job job, Tick tick, Optional<Set<String>> due, boolean catchUp) {
        // An operator's run-now or backfill is an explicit decision and is honoured even while the job is paused.
        Optional<String> paused = controls.pauses().reason(job.name(), job.category());
        if (paused.isPresent() && !tick.trigger().byOperator()) {
            return new DispatchOutcome(DispatchOutcome.Status.PAUSED, 0, 0, paused.get());
        }
        List<Tenant> targets = due.map(ids -> tenants.activeTenants().stream().filter(t -> ids.contains(t.id())).toList())
                .orElseGet(() -> targets(tick));
        if (targets.isEmpty()) {
            return new DispatchOutcome(DispatchOutcome.Status.NO_TENANTS, 0, 0, "no active tenants");
        }
        List<WorkMessage> messages = new ArrayList<>(targets.size());
        for (Tenant tenant : targets) {
            messages.add(new WorkMessage(job.name(), job.category(), tenant.tenantId(), tick.scheduledTime(), job.endpoint(), tick.trigger(), catchUp));
        }
        int sent = queue.send(job.category(), messages);
        return new DispatchOutcome(DispatchOutcome.Status.DISPATCHED, targets.size(), sent, null);
    }

    private List<Tenant> targets(Tick tick) {
        return tick.onlyTenant().map(id -> List.of(requireActive(id))).orElseGet(tenants::activeTenants);
    }

    private Tenant requireActive(TenantId id) {
        Tenant tenant = tenants.require(id.value());
        if (!tenant.active()) {
            throw new IllegalArgumentException("tenant '" + id + "' is not active");
        }
        return tenant;
    }
}
