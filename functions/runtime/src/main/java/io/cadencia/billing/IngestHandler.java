package io.cadencia.billing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.cadencia.app.Cadencia;
import io.cadencia.app.Invocation;
import io.cadencia.aws.Json;
import io.cadencia.observability.LogContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Billing ingest: {@code {"tenantId": "...", "billings": [...]}} either as a direct invoke (console test event)
 * or as a Function URL request whose body is that JSON. A direct invoke returns the result object (or fails with
 * the refusal message); a Function URL call gets 200 with it, or 400 {@code {"error": ...}} for a refused request.
 */
public final class IngestHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LogManager.getLogger(IngestHandler.class);

    private final Cadencia app;
    private final BillingIngest ingest;

    public IngestHandler() {
        this(Cadencia.fromEnvironment());
    }

    public IngestHandler(Cadencia app) {
        this.app = app;
        this.ingest = new BillingIngest(app.tenants(), Billing.store(app), app.metrics(), app.clock(),
                Integer.parseInt(app.config().optional("INGEST_PARALLELISM").orElse("8")));
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Invocation.run(app, context, () -> {
            Map<String, Object> fields = event == null ? Map.of() : event;
            boolean viaUrl = fields.containsKey("requestContext") || fields.containsKey("body");
            if (!viaUrl) {
                return process(fields);
            }
            try {
                return http(200, process(body(fields)));
            } catch (IllegalArgumentException refused) {
                return http(400, Map.of("error", refused.getMessage()));
            }
        });
    }

    private Map<String, Object> process(Map<String, Object> request) {
        Object tenantId = request.get("tenantId");
        try (var ignored = LogContext.of(tenantId == null ? null : tenantId.toString(), null, null)) {
            Object billings = request.get("billings");
            if (!(billings instanceof List<?> list)) {
                throw new BillingIngest.RefusedException("field 'billings' is required and must be an array");
            }
            List<BillingInput> inputs = new ArrayList<>(list.size());
            Map<Integer, FieldError> shapeErrors = new LinkedHashMap<>();
            for (Object item : list) {
                inputs.add(toInput(item, inputs.size(), shapeErrors));
            }
            Map<String, Object> result = ingest.ingest(tenantId == null ? null : tenantId.toString(), inputs, shapeErrors);
            LOG.info("ingested {} billings: {} created, {} duplicate, {} rejected", result.get("received"), result.get("created"),
                    result.get("duplicate"), result.get("rejected"));
            return result;
        }
    }

    private static Map<String, Object> body(Map<String, Object> event) {
        Object raw = event.get("body");
        if (raw == null || raw.toString().isBlank()) {
            throw new BillingIngest.RefusedException("request body is empty; expected {\"tenantId\": ..., \"billings\": [...]}");
        }
        String text = raw.toString();
        if (Boolean.TRUE.equals(event.get("isBase64Encoded"))) {
            text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        }
        try {
            return Json.MAPPER.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new BillingIngest.RefusedException("request body is not a JSON object: " + e.getOriginalMessage());
        }
    }

    /** Lenient mapping: wrong types become invalid values the validator reports per item, never a whole-batch failure. */
    private static BillingInput toInput(Object item, int index, Map<Integer, FieldError> shapeErrors) {
        Map<?, ?> map = item instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> customer = map.get("customer") instanceof Map<?, ?> c ? c : Map.of();
        return new BillingInput(text(map.get("externalBillingId")), text(customer.get("name")), text(customer.get("phone")),
                text(customer.get("document")), amount(map.get("amount"), index, shapeErrors), text(map.get("dueDate")), text(map.get("paymentLink")),
                text(map.get("pixCode")), text(map.get("hubsoftInvoiceId")));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static BigDecimal amount(Object value, int index, Map<Integer, FieldError> shapeErrors) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value.toString().strip());
        } catch (NumberFormatException e) {
            shapeErrors.put(index, new FieldError("amount", "\"" + value + "\" is not a number"));
            return null;
        }
    }

    private static Map<String, Object> http(int status, Map<String, Object> body) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", status);
        response.put("headers", Map.of("content-type", "application/json"));
        try {
            response.put("body", Json.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise ingest response", e);
        }
        return response;
    }
}
