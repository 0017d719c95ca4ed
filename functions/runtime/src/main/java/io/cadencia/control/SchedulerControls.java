package io.cadencia.control;

import io.cadencia.app.Cadencia;
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

    private final Cadencia app;

    public SchedulerControls(Cadencia app) {
        this.app = app;
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
     * (DST-correct, from cron and zone); per paused category its reason and since when.
     */
    Map<String, Object> status(ControlRequest request) {
        Optional<String> onlyJob = request.text("job").map(name -> app.catalogue().require(name).name());
        Optional<String> onlyCategory = request.text("category").map(app.catalogue()::requireCategory);
        PauseState pauses = app.controls().pauses();
        Instant now = app.clock().instant();
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (Job job : app.catalogue().jobs()) {
            if (onlyJob.filter(j -> !j.equals(job.name())).isPresent() || onlyCategory.filter(c -> !c.equals(job.category())).isPresent()) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("job", job.name());
            row.put("category", job.category());
            row.put("kind", app.registry().isBuiltIn(job.name()) ? "built-in" : "endpoint " + job.endpoint());
            row.put("paused", pauses.isPaused(job.name(), job.category()));
            pauses.reason(job.name(), job.category()).ifPresent(reason -> row.put("pausedBy", reason));
            pauses.pauseOf(job.name(), job.category()).ifPresent(pause -> {
                row.put("pauseReason", pause.reason());
                row.put("pausedAt", pause.since().map(this::local).orElse(null));
            });
            row.put("schedule", job.schedule().expression());
            row.put("timezone", job.schedule().zone().getId());
            Optional<RunRecord> last = app.runs().lastDispatch(job.name());
            row.put("lastRun", last.map(r -> local(r.scheduledTime())).orElse(null));
            row.put("lastResult", last.map(RunRecord::result).orElse(null));
            row.put("lastTenants", last.map(RunRecord::processed).orElse(null));
            row.put("nextRun", job.schedule().nextAfter(now).map(this::local).orElse(null));
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
        response.put("queues", queues(onlyCategory.map(java.util.List::of).orElseGet(() -> java.util.List.copyOf(app.catalogue().categories()))));
        response.put("jobs", jobs);
        return response;
    }

    /** Per category: messages waiting, in flight, and dead-lettered, so backlog and poison messages show at once. */
    private Map<String, Object> queues(java.util.Collection<String> categories) {
        Map<String, Object> queues = new LinkedHashMap<>();
        for (String category : categories) {
            Map<String, Object> depth = new LinkedHashMap<>();
            try {
                Map<String, String> main = attributes(app.config().queueUrl(category));
                depth.put("waiting", Integer.parseInt(main.getOrDefault("ApproximateNumberOfMessages", "0")));
                depth.put("inFlight", Integer.parseInt(main.getOrDefault("ApproximateNumberOfMessagesNotVisible", "0")));
                depth.put("deadLettered", Integer.parseInt(attributes(app.config().deadLetterUrl(category))
                        .getOrDefault("ApproximateNumberOfMessages", "0")));
            } catch (RuntimeException e) {
                depth.put("error", e.getMessage());
            }
            queues.put(category, depth);
        }
        return queues;
    }

    private Map<String, String> attributes(String queueUrl) {
        return app.aws().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
    }

    private Map<String, Object> pauseOrResume(ControlRequest request, boolean pause) {
        Optional<String> job = request.text("job");
        Optional<String> category = request.text("category");
        if (job.isPresent() == category.isPresent()) {
            throw new IllegalArgumentException("action '" + request.action() + "' needs exactly one of 'job' or 'category'");
        }
        String kind = job.isPresent() ? "job" : "category";
        String name = job.map(j -> app.catalogue().require(j).name()).orElseGet(() -> app.catalogue().requireCategory(category.get()));
        if (pause) {
            app.controls().pause(kind, name, request.text("reason"), app.clock().instant());
        } else {
            app.controls().resume(kind, name);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put(kind, name);
        response.put("paused", pause);
        return response;
    }

    private Map<String, Object> runNow(ControlRequest request) {
        Job job = app.catalogue().require(request.require("job"));
        Optional<TenantId> tenant = request.tenant();
        Instant now = app.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        Tick tick = Tick.manual(job.name(), now, tenant);
        return DispatchResponse.of(job, tick, app.dispatcher().dispatch(job, tick));
    }

    private String local(Instant instant) {
        return instant == null ? null : instant.atZone(Cadencia.ZONE).toOffsetDateTime().toString();
    }
}
