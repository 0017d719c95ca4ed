package io.cadencia.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.cadencia.app.Cadencia;
import io.cadencia.dispatch.SchedulerEvent;
import io.cadencia.dispatch.DispatchResponse;
import io.cadencia.dispatch.Tick;
import io.cadencia.dispatch.DispatchOutcome;
import io.cadencia.dispatch.Missed;
import io.cadencia.app.Invocation;
import io.cadencia.catalogue.Job;
import io.cadencia.observability.LogContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.Map;

/**
 * EventBridge Scheduler target of a category: {@code {"job": "...", "category": "...", "scheduledTime":
 * "<aws.scheduler.scheduled-time>"}} becomes one FIFO message per active tenant.
 */
public final class DispatcherHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LogManager.getLogger(DispatcherHandler.class);

    private final Cadencia app;

    /** Lambda's constructor: the container's root, and this handler's request primed before a SnapStart snapshot. */
    public DispatcherHandler() {
        this(Cadencia.fromEnvironment());
        PrimingRequests.beforeSnapshot(app, PrimingRequests::dispatcher);
    }

    public DispatcherHandler(Cadencia app) {
        this.app = app;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Invocation.run(app, context, () -> {
            SchedulerEvent scheduled = SchedulerEvent.parse(event, app.catalogue(), app.config().optional("CATEGORY"), app.clock());
            Job job = scheduled.job();
            try (var ignored = LogContext.of(null, job.name(), job.category())) {
                DispatchOutcome outcome = app.dispatcher().dispatch(job, scheduled.tick());
                app.operations().afterTick(job, scheduled.tick(), outcome);
                Missed missed = outcome.missed();
                app.metrics().count("TicksDispatched", Map.of("category", job.category(), "result", outcome.status().name()));
                app.metrics().count("WorkMessagesSent", outcome.messages() + missed.messages(), Map.of("category", job.category()));
                if (missed.any()) {
                    app.metrics().count("MissedTicks", missed.ticks(), Map.of("category", job.category()));
                    app.metrics().count("CaughtUpTicks", missed.caughtUp().size(), Map.of("category", job.category()));
                    LOG.warn("job {} missed {} tick(s) before its tick at {}; catch-up {} ran {} of them {}", job.name(), missed.ticks(),
                            scheduled.tick().scheduledTime(), job.catchUp().describe(), missed.caughtUp().size(), missed.caughtUp());
                }
                LOG.info("tick {} at {}: {} ({} tenants, {} messages){}", job.name(), scheduled.tick().scheduledTime(), outcome.status(),
                        outcome.tenants(), outcome.messages(), outcome.detail() == null ? "" : " - " + outcome.detail());
                return DispatchResponse.of(job, scheduled.tick(), outcome);
            }
        });
    }
}
