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

/** Seed 004's status and controls: status, pause, resume, run-now. */
public final class SchedulerControls {

    /** A category's queue: messages waiting, in flight and dead-lettered (or the error reading them). */
    @FunctionalInterface
    public interface QueueDepths {
        Map<String, Object> of(String category);
    }

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
        return actions;
    }

    /**
     * Per job: category, paused (with the operator's reason and since when), schedule, last run and result, next run
     * (DST-correct, from cron and zone), and for a tenant-time job the setting that holds each tenant's time; per
     * paused category its reason and since when; per tenant its tenant-time jobs' next runs ({@code tenantTime}).
     */
    Map<String, Object> status(ControlRequest request) {
        Optional<String> onlyJob = request.text("job").map(name -> catalogue.require(name).name());
        Optional<String> onlyCategory = request.text("category").map(catalogue::requireCategory);
        PauseState pauses = controls.pauses();
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

    private String local(Instant instant) {
        return instant == null ? null : instant.atZone(BrazilTime.ZONE).toOffsetDateTime().toString();
    }
}
