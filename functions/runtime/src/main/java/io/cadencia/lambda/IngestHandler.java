package io.cadencia.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.cadencia.app.Cadencia;
import io.cadencia.billing.BillingIngest;
import io.cadencia.billing.IngestFunctionUrl;
import io.cadencia.billing.IngestRequest;
import io.cadencia.app.Invocation;
import io.cadencia.observability.LogContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.Map;

/**
 * Billing ingest: {@code {"tenantId": "...", "billings": [...]}} either as a direct invoke (console test event)
 * or as a Function URL request whose body is that JSON ({@link IngestFunctionUrl}). A direct invoke returns the
 * result object (or fails with the refusal message).
 */
public final class IngestHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LogManager.getLogger(IngestHandler.class);

    private final Cadencia app;
    private final BillingIngest ingest;

    /** Lambda's constructor: the container's root, and this handler's request primed before a SnapStart snapshot. */
    public IngestHandler() {
        this(Cadencia.fromEnvironment());
        PrimingRequests.beforeSnapshot(app, PrimingRequests::ingest);
    }

    public IngestHandler(Cadencia app) {
        this.app = app;
        this.ingest = new BillingIngest(app.tenants(), app.billing(), app.metrics(), app.secrets(), app.clock(),
                app.settings().ingestParallelism());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Invocation.run(app, context, () -> {
            Map<String, Object> fields = event == null ? Map.of() : event;
            return IngestFunctionUrl.isRequest(fields) ? IngestFunctionUrl.answer(fields, this::ingest) : ingest(fields);
        });
    }

    private Map<String, Object> ingest(Map<String, Object> fields) {
        IngestRequest request = IngestRequest.from(fields);
        try (var ignored = LogContext.of(request.tenantId(), null, null)) {
            Map<String, Object> result = ingest.ingest(request.tenantId(), request.inputs(), request.shapeErrors());
            LOG.info("ingested {} billings: {} created, {} duplicate, {} rejected, {} failed", result.get("received"),
                    result.get("created"), result.get("duplicate"), result.get("rejected"), result.get("failed"));
            return result;
        }
    }
}
