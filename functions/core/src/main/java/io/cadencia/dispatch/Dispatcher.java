package io.cadencia.dispatch;

import io.cadencia.catalogue.CatchUp;
import io.cadencia.catalogue.Job;
import io.cadencia.claim.Claim;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantDirectory;
import io.cadencia.tenant.TenantId;
import io.cadencia.tenant.TenantTime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

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
 * the same gap, and the scheduler's late delivery of a tick already caught up, dispatch it once in all. Racing over
 * one gap, two of them may each apply the policy to it (a once job then runs two missed ticks), never one tick twice.
 *
 * <p>A tenant-time job ({@link Job#tenantTime()}) fires on a grid, and its scheduled tick wakes, through the same
 * index, only the tenants whose local slot has come (see {@link #dispatchSlots}).
 */
public final class Dispatcher {

    /** How often a due-driven job's tick is a sweep of every active tenant (a tick whose minute is a multiple). */
    public static final Duration SWEEP_EVERY = Duration.ofMinutes(15);

    /**
     * How late the scheduler may still deliver a tick: its retries end at the schedules' MaximumEventAgeInSeconds
     * (300 in template.yaml), doubled for delivery and dispatch time. A missed tick younger than this that the
     * catch-up skips is claimed as skipped, so a late delivery of it does not run it; an older one cannot come.
     */
    public static final Duration LATE_DELIVERY = Duration.ofMinutes(10);

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
        if (job.tenantTime().isPresent() && tick.onlyTenant().isEmpty() && tick.trigger() == Trigger.SCHEDULE) {
            return dispatchSlots(job, tick);
        }
        Optional<Set<String>> due = due(job, tick);
        if (due.isPresent() && due.get().isEmpty()) {
            return new DispatchOutcome(DispatchOutcome.Status.NO_TENANTS, 0, 0, "nothing due");
        }
        Function<Instant, DispatchOutcome> work = tick.trigger() == Trigger.SCHEDULE ? started -> scheduled(job, tick, due, started)
                : started -> fanOut(job, tick, due, true);
        return once(job, tick, work).orElseGet(() -> DispatchOutcome.duplicate(tick));
    }

    /** An operator's run-now or backfill, for one tenant or all, is explicit and wakes whoever it names. */
    private Optional<Set<String>> due(Job job, Tick tick) {
        return tick.onlyTenant().isEmpty() && tick.trigger() == Trigger.SCHEDULE && !sweep(tick.scheduledTime())
                ? wake.due(job.name(), tick.scheduledTime()) : Optional.empty();
    }

    /**
     * Claims the tick, does the work (given when it started) and records what it did; empty for a duplicate. A failed
     * dispatch is released as failed so the scheduler's retry of the tick dispatches again; SQS deduplication ids
     * keep the tenants already sent from getting a second message.
     */
    private Optional<DispatchOutcome> once(Job job, Tick tick, Function<Instant, DispatchOutcome> work) {
        Instant started = clock.instant();
        Optional<Claim.Claimed> claim = ledger.claim(tick, job.category(), started);
        if (claim.isEmpty()) {
            return Optional.empty();
        }
        DispatchOutcome outcome;
        try {
            outcome = work.apply(started);
        } catch (RuntimeException e) {
            ledger.record(tick, claim.get(), new DispatchOutcome(DispatchOutcome.Status.FAILED, 0, 0, e.getMessage()), started, clock.instant());
            throw e;
        }
        ledger.record(tick, claim.get(), outcome, started, clock.instant());
        return Optional.of(outcome);
    }

    /**
     * A claimed scheduled tick: first the ticks its job missed since its newest tick claimed before it, as the job's
     * {@link CatchUp} policy says, oldest first; then the tick itself, unless it came later than the catch-up window.
     */
    private DispatchOutcome scheduled(Job job, Tick tick, Optional<Set<String>> due, Instant now) {
        List<Instant> missed = ledger.newestBefore(job.name(), tick.scheduledTime()).map(previous -> missedSince(job, previous, tick))
                .orElse(List.of());
        CatchUp.Plan plan = job.catchUp().plan(missed, tick.scheduledTime(), now);
        Missed caughtUp = catchUp(job, tick, missed, plan, now);
        if (plan.tickTooLate()) {
            return new DispatchOutcome(DispatchOutcome.Status.SKIPPED, 0, 0, "delivered " + Duration.between(tick.scheduledTime(), now)
                    + " after its time, later than the catch-up window " + job.catchUp().window(), caughtUp);
        }
        return fanOut(job, tick, due, job.catchUp().policy() != CatchUp.Policy.ALL).with(caughtUp);
    }

    /**
     * A tenant-time job's tick: the tenants whose wake (their next local slot) is at or before the tick, each run
     * under its slot's time, so the run claim is per tenant, job and slot: a slot sent twice (a retried tick, a
     * wake the index still showed) runs once. After the messages are out each tenant's wake moves to its next slot
     * after this tick, under its settings of now, only if it still holds the slot read: a settings change written
     * meanwhile stands. A slot missed (an outage, a pause) runs once at the first tick after it, never lost and never
     * repeated per missed day. Nothing due: no claim, no record, no message.
     */
    private DispatchOutcome dispatchSlots(Job job, Tick tick) {
        Map<String, Instant> due = wake.wakes(job.name(), tick.scheduledTime());
        if (due.isEmpty()) {
            return new DispatchOutcome(DispatchOutcome.Status.NO_TENANTS, 0, 0, "no tenant's slot");
        }
        return once(job, tick, started -> sendSlots(job, tick, due)).orElseGet(() -> DispatchOutcome.duplicate(tick));
    }

    private DispatchOutcome sendSlots(Job job, Tick tick, Map<String, Instant> due) {
        Optional<String> paused = controls.pauses().reason(job.name(), job.category());
        if (paused.isPresent()) {
            // The wakes stay due: the first tick after the resume runs each missed slot once.
            return new DispatchOutcome(DispatchOutcome.Status.PAUSED, 0, 0, paused.get());
        }
        // One profile read per woken tenant, not the whole active list: a tick reads what its slot holds, ~1/96 of them.
        Map<String, Tenant> active = new HashMap<>();
        Map<String, Tenant> others = new HashMap<>();
        due.keySet().forEach(id -> tenants.find(id).ifPresent(t -> (t.active() ? active : others).put(id, t)));
        List<WorkMessage> messages = new ArrayList<>(active.size());
        active.values().stream().sorted(java.util.Comparator.comparing(Tenant::id)).forEach(tenant -> messages.add(
                new WorkMessage(job.name(), job.category(), tenant.tenantId(), due.get(tenant.id()), job.endpoint(), Trigger.SCHEDULE)));
        int sent = messages.isEmpty() ? 0 : queue.send(job.category(), messages);
        String setting = job.tenantTime().orElseThrow();
        for (Map<String, Tenant> group : List.of(active, others)) {
            group.values().forEach(tenant -> wake.advance(job.name(), tenant.id(), due.get(tenant.id()),
                    TenantTime.nextSlot(tenants.settingsOf(tenant), setting, tick.scheduledTime())));
        }
        return active.isEmpty() ? new DispatchOutcome(DispatchOutcome.Status.NO_TENANTS, 0, 0, "no active tenant's slot")
                : new DispatchOutcome(DispatchOutcome.Status.DISPATCHED, active.size(), sent, null);
    }

    /**
     * The job's fire times after {@code previous} and before {@code tick} that were never claimed, and
     * {@code previous} itself when its dispatch failed. A due-driven job claims nothing at a tick with nothing due,
     * so only its sweeps can be told missed.
     */
    private List<Instant> missedSince(Job job, DispatchPorts.PastTick previous, Tick tick) {
        List<Instant> missed = new ArrayList<>();
        if (previous.failed()) {
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

    /**
     * Dispatches the missed ticks the plan runs, oldest first, each claimed as its own scheduled tick; and claims as
     * skipped those the plan skips that the scheduler may still deliver late, so that delivery finds them decided.
     * A tick already claimed (by a concurrent dispatcher, or delivered late) is left to whoever claimed it.
     */
    private Missed catchUp(Job job, Tick tick, List<Instant> missed, CatchUp.Plan plan, Instant now) {
        List<Instant> caughtUp = new ArrayList<>();
        int messages = 0;
        for (Instant at : missed) {
            Tick past = Tick.scheduled(job.name(), at);
            if (!plan.run().contains(at)) {
                if (!at.isBefore(now.minus(LATE_DELIVERY))) {
                    once(job, past, started -> new DispatchOutcome(DispatchOutcome.Status.SKIPPED, 0, 0, "skipped by the catch-up at the tick at "
                            + tick.scheduledTime() + " (policy " + job.catchUp().describe() + ")"));
                }
                continue;
            }
            Optional<Set<String>> due = due(job, past);
            if (due.isPresent() && due.get().isEmpty()) {
                continue;
            }
            Optional<DispatchOutcome> outcome = once(job, past, started -> {
                DispatchOutcome sent = fanOut(job, past, due, false);
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

    /**
     * @param coalescible whether a worker may skip this tick's run when a newer tick of the job for the same tenant is
     *                    in its batch (seed 004: late runs are combined): not for a caught-up tick, which its policy
     *                    chose to run, nor for a job whose every tick is work of its own ({@link CatchUp.Policy#ALL})
     */
    private DispatchOutcome fanOut(Job job, Tick tick, Optional<Set<String>> due, boolean coalescible) {
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
            messages.add(new WorkMessage(job.name(), job.category(), tenant.tenantId(), tick.scheduledTime(), job.endpoint(), tick.trigger(), coalescible));
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
