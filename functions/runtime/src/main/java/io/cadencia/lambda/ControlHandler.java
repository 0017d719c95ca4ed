package io.cadencia.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.cadencia.app.Cadencia;
import io.cadencia.control.ControlAction;
import io.cadencia.control.ControlRequest;
import io.cadencia.app.Invocation;
import io.cadencia.catalogue.UnknownNameException;
import io.cadencia.observability.LogContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator's console entry point: {@code {"action": "status" | "pause" | "resume" | "run-now" | ...}}.
 * An unknown action, job, category or tenant is an error that names it.
 */
public final class ControlHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LogManager.getLogger(ControlHandler.class);

    private final Cadencia app;
    private final Map<String, ControlAction> actions;

    /** Lambda's constructor: the container's root, and this handler's request primed before a SnapStart snapshot. */
    public ControlHandler() {
        this(Cadencia.fromEnvironment());
        PrimingRequests.beforeSnapshot(app, PrimingRequests::control);
    }

    public ControlHandler(Cadencia app) {
        this.app = app;
        this.actions = ControlActions.all(app);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Invocation.run(app, context, () -> {
            Map<String, Object> fields = event == null ? Map.of() : event;
            Object name = fields.get("action");
            if (name == null || name.toString().isBlank()) {
                throw new IllegalArgumentException("field 'action' is required; known actions: " + String.join(", ", actions.keySet()));
            }
            ControlAction action = actions.get(name.toString());
            if (action == null) {
                throw new UnknownNameException("action", name.toString(), actions.keySet());
            }
            try (var ignored = LogContext.of(stringOrNull(fields.get("tenant")), stringOrNull(fields.get("job")), stringOrNull(fields.get("category")))) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("action", name.toString());
                result.putAll(action.apply(new ControlRequest(name.toString(), fields)));
                LOG.info("control action {} done", name);
                return result;
            }
        });
    }

    private static String stringOrNull(Object value) {
        return value == null ? null : value.toString();
    }
}
