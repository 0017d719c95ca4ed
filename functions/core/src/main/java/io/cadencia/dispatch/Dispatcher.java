package io.cadencia.dispatch;

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
import java.util.function.Supplier;

/**
 * Turns one tick of a job into one work message per active tenant. The tick is claimed first, so a duplicate
 * delivery or an overlapping retry of the same tick dispatches nothing (seed 004: max_instances=1, coalesce).
 * A due-driven job's scheduled tick wakes only the active tenants its {@link DispatchPorts.WakeIndex} names; with
 * none, the tick writes nothing at all (no claim, no record, no message). Every {@link #SWEEP_EVERY} the tick wakes
 * every active tenant instead: a writer that died between a message's write and its wake write, or data written
 * before the index existed, then costs at most that long, and the sender's run sets the tenant's wake right again.
 *
 * <p>A tenant-time job ({@link Job#tenantTime()}) fires on a grid, and its scheduled tick wakes, through the same
 * index, only the tenants whose local slot has come (see {@link #dispatchSlots}).
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
        if (job.tenantTime().isPresent() && tick.onlyTenant().isEmpty() && tick.trigger() == Trigger.SCHEDULE) {
            return dispatchSlots(job, tick);
        }
        // An operator's run-now, for one tenant or all, is explicit and wakes whoever it names.
        Optional<Set<String>> due = tick.onlyTenant().isEmpty() && tick.trigger() == Trigger.SCHEDULE && !sweep(tick)
                ? wake.due(job.name(), tick.scheduledTime()) : Optional.empty();
        if (due.isPresent() && due.get().isEmpty()) {
            return new DispatchOutcome(DispatchOutcome.Status.NO_TENANTS, 0, 0, "nothing due");
        }
        return claimed(job, tick, () -> fanOut(job, tick, due));
    }

    /** Claims the tick, runs the dispatch and records what it did; a duplicate of a claimed tick does nothing. */
    private DispatchOutcome claimed(Job job, Tick tick, Supplier<DispatchOutcome> dispatch) {
        Instant started = clock.instant();
        Optional<Claim.Claimed> claim = ledger.claim(tick, job.category(), started);
        if (claim.isEmpty()) {
            return DispatchOutcome.duplicate(tick);
        }
        DispatchOutcome outcome;
        try {
            outcome = dispatch.get();
        } catch (RuntimeException e) {
            // Released as failed so the scheduler's retry of this tick dispatches again; SQS deduplication ids
            // keep the tenants already sent from getting a second message.
            ledger.record(tick, claim.get(), new DispatchOutcome(DispatchOutcome.Status.FAILED, 0, 0, e.getMessage()), started, clock.instant());
            throw e;
        }
        ledger.record(tick, claim.get(), outcome, started, clock.instant());
        return outcome;
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
        return claimed(job, tick, () -> sendSlots(job, tick, due));
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

    private static boolean sweep(Tick tick) {
        return tick.scheduledTime().getEpochSecond() / 60 % SWEEP_EVERY.toMinutes() == 0;
    }

    private DispatchOutcome fanOut(Job job, Tick tick, Optional<Set<String>> due) {
        // A manual run-now is an explicit operator decision and is honoured even while the job is paused.
        Optional<String> paused = controls.pauses().reason(job.name(), job.category());
        if (paused.isPresent() && tick.trigger() != Trigger.MANUAL) {
            return new DispatchOutcome(DispatchOutcome.Status.PAUSED, 0, 0, paused.get());
        }
        List<Tenant> targets = due.map(ids -> tenants.activeTenants().stream().filter(t -> ids.contains(t.id())).toList())
                .orElseGet(() -> targets(tick));
        if (targets.isEmpty()) {
            return new DispatchOutcome(DispatchOutcome.Status.NO_TENANTS, 0, 0, "no active tenants");
        }
        List<WorkMessage> messages = new ArrayList<>(targets.size());
        for (Tenant tenant : targets) {
            messages.add(new WorkMessage(job.name(), job.category(), tenant.tenantId(), tick.scheduledTime(), job.endpoint(), tick.trigger()));
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
