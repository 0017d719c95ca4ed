package io.cadencia.control;

import io.cadencia.billing.BrazilTime;
import io.cadencia.catalogue.Catalogue;
import io.cadencia.dispatch.DispatchPorts;
import io.cadencia.dispatch.Dispatcher;
import io.cadencia.dispatch.TenantSlots;
import io.cadencia.tenant.Tenant;
import io.cadencia.work.RunLedger;
import java.time.Clock;
import java.util.function.Predicate;
import io.cadencia.catalogue.Job;
import io.cadencia.dispatch.CatchUpTotals;
import io.cadencia.dispatch.DispatchOutcome;
import io.cadencia.dispatch.DispatchResponse;
import io.cadencia.dispatch.PauseState;
import io.cadencia.dispatch.Tick;
import io.cadencia.tenant.TenantId;
import io.cadencia.work.RunRecord;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Seed 004's status and controls: status, pause, resume, run-now; and backfill of a past time range. */
public final class SchedulerControls {

    /** A category's queue: messages waiting, in flight and dead-lettered (or the error reading them). */
    @FunctionalInterface
    public interface QueueDepths {
        Map<String, Object> of(String category);
    }

    /** Fire times one backfill dispatches at most: they run within one control invocation. */
    static final int BACKFILL_MAX_TICKS = 100;

    private final Catalogue catalogue;
    private final DispatchPorts.Controls controls;
    private final Dispatcher dispatcher;
    private final RunLedger runs;
    private final Predicate<String> builtIn;
    private final QueueDepths queueDepths;
    private final TenantSlots tenants;
    private final Clock clock;

    /** @param builtIn whether a job runs built-in logic rather than the tenant's endpoint */
    public SchedulerControls(Catalogue catalogue, DispatchPorts.Controls controls, Dispatcher dispatcher, RunLedger runs,
                             Predicate<String> builtIn, QueueDepths queueDepths, TenantSlots tenants, Clock clock) {
        this.catalogue = catalogue;
        this.controls = controls;
        this.dispatcher = dispatcher;
        this.runs = runs;
        this.builtIn = builtIn;
        this.queueDepths = queueDepths;
        this.tenants = tenants;
        this.clock = clock;
    }

    public Map<String, ControlAction> actions() {
        Map<String, ControlAction> actions = new LinkedHashMap<>();
        actions.put("status", this::status);
        actions.put("pause", request -> pauseOrResume(request, true));
        actions.put("resume", request -> pauseOrResume(request, false));
        actions.put("run-now", this::runNow);
        actions.put("backfill", this::backfill);
        return actions;
    }

    /**
     * Per job: category, paused (with the operator's reason and since when), schedule, last run and result, next run
     * (DST-correct, from cron and zone), catch-up policy, missed and caught-up ticks (totals and the latest tick that
     * found some), and for a tenant-time job the setting that holds each tenant's time; per paused category its
     * reason and since when; per tenant its tenant-time jobs' next runs ({@code tenantTime}).
     */
    Map<String, Object> status(ControlRequest request) {
        Optional<String> onlyJob = request.text("job").map(name -> catalogue.require(name).name());
        Optional<String> onlyCategory = request.text("category").map(catalogue::requireCategory);
        PauseState pauses = controls.pauses();
        Map<String, CatchUpTotals> catchUps = runs.catchUpTotals();
        Instant now = clock.instant();
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (Job job : catalogue.jobs()) {
            if (onlyJob.filter(j -> !j.equals(job.name())).isPresent() || onlyCategory.filter(c -> !c.equals(job.category())).isPresent()) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("job", job.name());
            row.put("category", job.category());
            row.put("kind", builtIn.test(job.name()) ? "built-in" : "endpoint " + job.endpoint());
            row.put("paused", pauses.isPaused(job.name(), job.category()));
            pauses.reason(job.name(), job.category()).ifPresent(reason -> row.put("pausedBy", reason));
            pauses.pauseOf(job.name(), job.category()).ifPresent(pause -> {
                row.put("pauseReason", pause.reason());
                row.put("pausedAt", pause.since().map(this::local).orElse(null));
            });
            row.put("schedule", job.schedule().expression());
            row.put("timezone", job.schedule().zone().getId());
            Optional<RunRecord> last = runs.lastDispatch(job.name());
            row.put("lastRun", last.map(r -> local(r.scheduledTime())).orElse(null));
            row.put("lastResult", last.map(RunRecord::result).orElse(null));
            row.put("lastTenants", last.map(RunRecord::processed).orElse(null));
            row.put("nextRun", job.schedule().nextAfter(now).map(this::local).orElse(null));
            row.put("catchUp", job.catchUp().describe());
            Optional<CatchUpTotals> totals = Optional.ofNullable(catchUps.get(job.name()));
            row.put("missedTicks", totals.map(CatchUpTotals::missedTicks).orElse(0L));
            row.put("caughtUp", totals.map(CatchUpTotals::caughtUp).orElse(0L));
            row.put("lastMissed", totals.map(this::lastMissed).orElse(null));
            job.tenantTime().ifPresent(setting -> row.put("tenantTime", setting));
            jobs.add(row);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("now", local(now.truncatedTo(ChronoUnit.SECONDS)));
        Map<String, Object> pausedCategories = new java.util.TreeMap<>();
        pauses.categories().forEach((name, pause) -> {
            Map<String, Object> why = new LinkedHashMap<>();
            why.put("reason", pause.reason());
            why.put("pausedAt", pause.since().map(this::local).orElse(null));
            pausedCategories.put(name, why);
        });
        response.put("pausedCategories", pausedCategories);
        response.put("queues", queues(onlyCategory.map(java.util.List::of).orElseGet(() -> java.util.List.copyOf(catalogue.categories()))));
        response.put("jobs", jobs);
        response.put("tenantTime", tenantTime(request, now));
        return response;
    }

    /**
     * Per active tenant (or the one named by {@code tenant}), each tenant-time job's next run in the tenant's local
     * time and in UTC, computed from the settings: no table read beyond the cached tenant list.
     */
    private Map<String, Object> tenantTime(ControlRequest request, Instant now) {
        Map<String, Object> byTenant = new java.util.TreeMap<>();
        List<Tenant> shown = request.text("tenant").map(id -> List.of(tenants.require(id))).orElseGet(tenants::activeTenants);
        shown.forEach(tenant -> byTenant.put(tenant.id(), TenantTimeView.of(tenants, tenant, now)));
        return byTenant;
    }

    /** Per category: messages waiting, in flight, and dead-lettered, so backlog and poison messages show at once. */
    private Map<String, Object> queues(java.util.Collection<String> categories) {
        Map<String, Object> queues = new LinkedHashMap<>();
        categories.forEach(category -> queues.put(category, queueDepths.of(category)));
        return queues;
    }

    private Map<String, Object> pauseOrResume(ControlRequest request, boolean pause) {
        Optional<String> job = request.text("job");
        Optional<String> category = request.text("category");
        if (job.isPresent() == category.isPresent()) {
            throw new IllegalArgumentException("action '" + request.action() + "' needs exactly one of 'job' or 'category'");
        }
        String kind = job.isPresent() ? "job" : "category";
        String name = job.map(j -> catalogue.require(j).name()).orElseGet(() -> catalogue.requireCategory(category.get()));
        if (pause) {
            controls.pause(kind, name, request.text("reason"), clock.instant());
        } else {
            controls.resume(kind, name);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put(kind, name);
        response.put("paused", pause);
        return response;
    }

    private Map<String, Object> runNow(ControlRequest request) {
        Job job = catalogue.require(request.require("job"));
        Optional<TenantId> tenant = request.tenant();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Tick tick = Tick.manual(job.name(), now, tenant);
        return DispatchResponse.of(job, tick, dispatcher.dispatch(job, tick));
    }

    private Map<String, Object> lastMissed(CatchUpTotals totals) {
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("tick", local(totals.lastTick()));
        last.put("missedTicks", totals.lastMissed());
        last.put("caughtUp", totals.lastCaughtUp());
        return last;
    }

    /**
     * Dispatches every fire time of the job's schedule at or after {@code from} and before {@code to} (both past),
     * at most {@value #BACKFILL_MAX_TICKS}, oldest first, for every active tenant or the one named. Each is its own
     * tick with trigger {@code backfill}: claimed apart from the schedule's tick of the same time, so it runs whether
     * or not that one ran, and once however often the same backfill is asked for; it runs even while paused.
     */
    private Map<String, Object> backfill(ControlRequest request) {
        Job job = catalogue.require(request.require("job"));
        Optional<TenantId> tenant = request.tenant();
        Instant from = instant(request, "from");
        Instant to = instant(request, "to");
        Instant now = clock.instant();
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("field 'from' value '" + request.require("from") + "' must be before field 'to' value '"
                    + request.require("to") + "'");
        }
        if (to.isAfter(now)) {
            throw new IllegalArgumentException("field 'to' value '" + request.require("to") + "' is in the future (now " + local(now)
                    + "): a backfill runs past fire times only; use run-now for now");
        }
        List<Instant> fires = job.schedule().firesBetween(from, to, BACKFILL_MAX_TICKS + 1);
        if (fires.size() > BACKFILL_MAX_TICKS) {
            throw new IllegalArgumentException("fields 'from' and 'to' (" + local(from) + " to " + local(to) + ") hold more than "
                    + BACKFILL_MAX_TICKS + " fire times of job '" + job.name() + "' (" + job.schedule() + "); backfill at most "
                    + BACKFILL_MAX_TICKS + " at a time");
        }
        if (fires.isEmpty()) {
            throw new IllegalArgumentException("job '" + job.name() + "' (" + job.schedule() + ") has no fire time at or after field 'from' ("
                    + local(from) + ") and before field 'to' (" + local(to) + ")");
        }
        List<Map<String, Object>> ticks = new ArrayList<>();
        int dispatched = 0;
        int messages = 0;
        for (Instant fire : fires) {
            DispatchOutcome outcome = dispatcher.dispatch(job, Tick.backfill(job.name(), fire, tenant));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scheduledTime", local(fire));
            row.put("status", outcome.status().name());
            row.put("messages", outcome.messages());
            ticks.add(row);
            dispatched += outcome.status() == DispatchOutcome.Status.DISPATCHED ? 1 : 0;
            messages += outcome.messages();
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("job", job.name());
        tenant.ifPresent(t -> response.put("tenant", t.value()));
        response.put("from", local(from));
        response.put("to", local(to));
        response.put("fireTimes", fires.size());
        response.put("dispatched", dispatched);
        response.put("messages", messages);
        response.put("ticks", ticks);
        return response;
    }

    private static Instant instant(ControlRequest request, String field) {
        String text = request.require(field);
        return BrazilTime.instant(text).orElseThrow(() -> new IllegalArgumentException("field '" + field + "' value '" + text
                + "' is not an ISO-8601 time with an offset (2026-11-24T08:00-03:00) or a São Paulo local time (2026-11-24T08:00)"));
    }

    private String local(Instant instant) {
        return instant == null ? null : instant.atZone(BrazilTime.ZONE).toOffsetDateTime().toString();
    }
}
