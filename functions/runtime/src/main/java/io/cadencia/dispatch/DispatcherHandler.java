package io.cadencia.dispatch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.cadencia.app.Cadencia;
import io.cadencia.app.Invocation;
import io.cadencia.catalogue.Job;
import io.cadencia.observability.LogContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * EventBridge Scheduler target of a category: {@code {"job": "...", "category": "...", "scheduledTime":
 * "<aws.scheduler.scheduled-time>"}} becomes one FIFO message per active tenant.
 */
public final class DispatcherHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LogManager.getLogger(DispatcherHandler.class);

    private final Cadencia app;

    public DispatcherHandler() {
        this(Cadencia.fromEnvironment());
    }

    public DispatcherHandler(Cadencia app) {
        this.app = app;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Invocation.run(app, context, () -> dispatch(event));
    }

    private Map<String, Object> dispatch(Map<String, Object> event) {
        if (event == null) {
            throw new IllegalArgumentException("event is empty: expected {\"job\": \"<catalogue job>\", \"scheduledTime\": \"<ISO-8601>\"}");
        }
        Object jobName = event.get("job");
        if (!(jobName instanceof String name) || name.isBlank()) {
            throw new IllegalArgumentException("field 'job' is required in the dispatcher event, got " + jobName);
        }
        Job job = app.catalogue().require(name);
        String servedCategory = app.config().optional("CATEGORY").orElse(job.category());
        if (!job.category().equals(servedCategory)) {
            throw new IllegalArgumentException("job '" + name + "' belongs to category '" + job.category()
                    + "' but this dispatcher serves '" + servedCategory + "'");
        }
        Tick tick = Tick.scheduled(job.name(), scheduledTime(event.get("scheduledTime")));
        try (var ignored = LogContext.of(null, job.name(), job.category())) {
            DispatchOutcome outcome = app.dispatcher().dispatch(job, tick);
            app.metrics().count("TicksDispatched", Map.of("category", job.category(), "result", outcome.status().name()));
            app.metrics().count("WorkMessagesSent", outcome.messages(), Map.of("category", job.category()));
            LOG.info("tick {} at {}: {} ({} tenants, {} messages){}", job.name(), tick.scheduledTime(), outcome.status(),
                    outcome.tenants(), outcome.messages(), outcome.detail() == null ? "" : " - " + outcome.detail());
            return DispatchResponse.of(job, tick, outcome);
        }
    }

    /** The scheduler's time; a console test event without one (or with the unexpanded placeholder) means now. */
    private Instant scheduledTime(Object raw) {
        if (raw == null || raw.toString().isBlank() || raw.toString().startsWith("<aws.scheduler")) {
            return app.clock().instant().truncatedTo(ChronoUnit.MINUTES);
        }
        try {
            return Instant.parse(raw.toString()).truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field 'scheduledTime' value '" + raw + "' is not an ISO-8601 instant such as 2026-11-23T12:00:00Z", e);
        }
    }
}
