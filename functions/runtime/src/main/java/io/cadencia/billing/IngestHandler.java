package io.cadencia.billing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.cadencia.app.Cadencia;
import io.cadencia.app.Invocation;
import io.cadencia.aws.Json;
import io.cadencia.observability.LogContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Billing ingest: {@code {"tenantId": "...", "billings": [...]}} either as a direct invoke (console test event)
 * or as a Function URL request whose body is that JSON. A direct invoke returns the result object (or fails with
 * the refusal message); a Function URL call gets 200 with it, 400 {@code {"error": ...}} for a request refused
 * whole (the caller's fault), or 500 with a plain message when the fault is on the server's side.
 */
public final class IngestHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LogManager.getLogger(IngestHandler.class);
    /** Floats read as BigDecimal: a Function URL body keeps the exact digits the caller wrote. */
    private static final ObjectReader EXACT = Json.MAPPER.readerFor(Object.class)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final int MAX_AMOUNT_TEXT = 40;
    private static final BillingInput EMPTY = new BillingInput(null, null, null, null, null, null, null, null);

    private final Cadencia app;
    private final BillingIngest ingest;

    public IngestHandler() {
        this(Cadencia.fromEnvironment());
    }

    public IngestHandler(Cadencia app) {
        this.app = app;
        this.ingest = new BillingIngest(app.tenants(), Billing.of(app), app.metrics(), app.secrets(), app.clock(),
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
            } catch (BillingIngest.RefusedException refused) {
                return http(400, Map.of("error", refused.getMessage()));
            } catch (RuntimeException serverSide) {
                // A missing table, a denied call, a bug: the caller did nothing wrong and may retry the same request.
                LOG.error("ingest failed on the server side", serverSide);
                return http(500, Map.of("error", "the ingest service failed on its side (configuration or a dependency), "
                        + "not because of this request; retry later"));
            }
        });
    }

    private Map<String, Object> process(Map<String, Object> request) {
        Object tenantId = request.get("tenantId");
        if (tenantId != null && !(tenantId instanceof String) && !(tenantId instanceof Number)) {
            throw new BillingIngest.RefusedException("field 'tenantId' must be text, got " + JsonKinds.describe(tenantId));
        }
        try (var ignored = LogContext.of(tenantId == null ? null : tenantId.toString(), null, null)) {
            Object billings = request.get("billings");
            if (billings == null) {
                throw new BillingIngest.RefusedException("field 'billings' is required: an array of billing objects");
            }
            if (!(billings instanceof List<?> list)) {
                throw new BillingIngest.RefusedException("field 'billings' must be an array of billing objects, got "
                        + JsonKinds.describe(billings));
            }
            List<BillingInput> inputs = new ArrayList<>(list.size());
            Map<Integer, FieldError> shapeErrors = new LinkedHashMap<>();
            for (Object item : list) {
                inputs.add(toInput(item, inputs.size(), shapeErrors));
            }
            Map<String, Object> result = ingest.ingest(tenantId == null ? null : tenantId.toString(), inputs, shapeErrors);
            LOG.info("ingested {} billings: {} created, {} duplicate, {} rejected, {} failed", result.get("received"),
                    result.get("created"), result.get("duplicate"), result.get("rejected"), result.get("failed"));
            return result;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Map<String, Object> event) {
        Object raw = event.get("body");
        if (raw == null || raw.toString().isBlank()) {
            throw new BillingIngest.RefusedException("request body is empty; expected {\"tenantId\": ..., \"billings\": [...]}");
        }
        String text = raw.toString();
        if (Boolean.TRUE.equals(event.get("isBase64Encoded"))) {
            try {
                text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BillingIngest.RefusedException("request body is marked base64-encoded but is not valid base64");
            }
        }
        Object parsed;
        try {
            parsed = EXACT.readValue(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new BillingIngest.RefusedException("request body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw new BillingIngest.RefusedException("request body must be a JSON object like {\"tenantId\": \"...\", "
                    + "\"billings\": [...]}, got " + JsonKinds.describe(parsed));
        }
        return (Map<String, Object>) parsed;
    }

    /** Lenient mapping: wrong types become per-item errors the response names, never a whole-batch failure. */
    private static BillingInput toInput(Object item, int index, Map<Integer, FieldError> shapeErrors) {
        if (!(item instanceof Map<?, ?> map)) {
            shapeErrors.put(index, new FieldError("item", "must be a JSON object like {\"externalBillingId\": \"...\", "
                    + "\"customer\": {...}, \"amount\": ..., \"dueDate\": \"YYYY-MM-DD\"}, got " + JsonKinds.describe(item)));
            return EMPTY;
        }
        Object rawCustomer = map.get("customer");
        Map<?, ?> customer = rawCustomer instanceof Map<?, ?> c ? c : Map.of();
        if (rawCustomer != null && !(rawCustomer instanceof Map<?, ?>)) {
            shapeErrors.put(index, new FieldError("customer", "must be an object like {\"name\": \"...\", \"phone\": \"...\", "
                    + "\"document\": \"...\"}, got " + JsonKinds.describe(rawCustomer)));
        }
        return new BillingInput(text(map, "externalBillingId", "externalBillingId", index, shapeErrors),
                text(customer, "name", "customer.name", index, shapeErrors), text(customer, "phone", "customer.phone", index, shapeErrors),
                text(customer, "document", "customer.document", index, shapeErrors), amount(map.get("amount"), index, shapeErrors),
                text(map, "dueDate", "dueDate", index, shapeErrors), text(map, "paymentLink", "paymentLink", index, shapeErrors),
                text(map, "pixCode", "pixCode", index, shapeErrors), text(map, "hubsoftInvoiceId", "hubsoftInvoiceId", index, shapeErrors));
    }

    /** Text as given; a number is taken as its digits (phones, documents and ids are often sent unquoted). */
    private static String text(Map<?, ?> map, String key, String field, int index, Map<Integer, FieldError> shapeErrors) {
        Object value = map.get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Number number) {
            return number.toString();
        }
        shapeErrors.putIfAbsent(index, new FieldError(field, "must be text, got " + JsonKinds.describe(value)));
        return null;
    }

    private static BigDecimal amount(Object value, int index, Map<Integer, FieldError> shapeErrors) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return exact(number, index, shapeErrors);
        }
        if (!(value instanceof String text)) {
            shapeErrors.putIfAbsent(index, new FieldError("amount", "must be a number like 1234.56 or a string like \"1234.56\", got "
                    + JsonKinds.describe(value)));
            return null;
        }
        String digits = text.strip();
        if (digits.length() > MAX_AMOUNT_TEXT) {
            shapeErrors.putIfAbsent(index, new FieldError("amount", "\"" + digits.substring(0, 20) + "…\" is " + digits.length()
                    + " characters long; at most " + MAX_AMOUNT_TEXT + " are accepted"));
            return null;
        }
        try {
            return new BigDecimal(digits);
        } catch (NumberFormatException e) {
            shapeErrors.putIfAbsent(index, new FieldError("amount", "\"" + digits + "\" is not a number"));
            return null;
        }
    }

    /**
     * A console invoke reaches us through the Lambda runtime's own JSON reader, which turns 1234.56 into a double.
     * Fifteen significant digits recover the decimal that was written for every amount a double can carry exactly
     * enough (all below the upper bound), so 0.1 stays 0.10 and 10.005 stays three places (and is refused).
     */
    private static BigDecimal exact(Number number, int index, Map<Integer, FieldError> shapeErrors) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                shapeErrors.putIfAbsent(index, new FieldError("amount", "\"" + number + "\" is not a finite number"));
                return null;
            }
            return new BigDecimal(d).round(new MathContext(15)).stripTrailingZeros();
        }
        return new BigDecimal(number.toString());
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
