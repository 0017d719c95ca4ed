package io.cadencia.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.cadencia.apikey.ApiKeyVerifier;
import io.cadencia.apikey.DynamoApiKeyStore;
import io.cadencia.apikey.HttpKeyAuth;
import io.cadencia.app.Cadencia;
import io.cadencia.app.Invocation;
import io.cadencia.billing.BillingIngest;
import io.cadencia.billing.IngestAudit;
import io.cadencia.billing.IngestFunctionUrl;
import io.cadencia.billing.IngestGate;
import io.cadencia.ratelimit.DynamoTokenBuckets;
import io.cadencia.runs.DynamoIngestAudit;

import java.util.Map;

/**
 * Billing ingest: a Function URL request authenticated by the tenant's API key ({@code Authorization: Bearer}),
 * whose body is {@code {"billings": [...]}} ({@link IngestFunctionUrl}, {@link IngestGate}), or an operator's direct
 * invoke {@code {"tenantId": "...", "billings": [...]}} (console test event, {@code aws lambda invoke}), which IAM
 * authorised. A direct invoke returns the result object (or fails with the refusal message).
 */
public final class IngestHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final Cadencia app;
    private final IngestGate gate;

    /** Lambda's constructor: the container's root, and this handler's request primed before a SnapStart snapshot. */
    public IngestHandler() {
        this(Cadencia.fromEnvironment());
        PrimingRequests.beforeSnapshot(app, PrimingRequests::ingest);
    }

    public IngestHandler(Cadencia app) {
        this.app = app;
        var tables = app.settings().tables();
        IngestAudit audit = new DynamoIngestAudit(app.aws().dynamo(), tables.runs(), app.settings().runRetention());
        HttpKeyAuth auth = new HttpKeyAuth(new ApiKeyVerifier(new DynamoApiKeyStore(app.aws().dynamo(), tables.tenants()), app.clock()),
                app.metrics(), "ingest", key -> IngestGate.recordRefusal(audit, key, IngestAudit.Refusal.UNAUTHORIZED, app.clock()));
        BillingIngest ingest = new BillingIngest(app.tenants(), app.billing(), app.metrics(), app.tenantKeys(), app.clock(), app.sleeper(),
                app.settings().ingestParallelism());
        this.gate = new IngestGate(auth, ingest, app.tenants(), new DynamoTokenBuckets(app.aws().dynamo(), tables.tenants(), app.clock()),
                audit, app.metrics(), app.clock());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Invocation.run(app, context, () -> {
            Map<String, Object> fields = event == null ? Map.of() : event;
            return IngestFunctionUrl.isRequest(fields) ? IngestFunctionUrl.answer(fields, gate::viaUrl) : gate.asOperator(fields);
        });
    }
}
