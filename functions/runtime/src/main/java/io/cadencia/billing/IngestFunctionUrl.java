package io.cadencia.billing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.cadencia.apikey.HttpKeyAuth;
import io.cadencia.aws.Json;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The ingest function's Function URL side: a request event's body (base64 or not) as JSON fields, and the answer
 * as an HTTP response: 200 with the result, 400 {@code {"error": ...}} for a request refused whole (the caller's
 * fault), 401 for a missing, wrong or revoked key (the same body whichever it was), 403 for a body naming another
 * tenant than the key's, 429 with {@code Retry-After} over a per-minute limit, or 500 with a plain message when the
 * fault is on the server's side.
 */
public final class IngestFunctionUrl {

    /** Under the handler's name: the ingest function's log lines read as one stream. */
    private static final Logger LOG = LogManager.getLogger("io.cadencia.lambda.IngestHandler");
    /** Floats read as BigDecimal: a Function URL body keeps the exact digits the caller wrote. */
    private static final ObjectReader EXACT = Json.MAPPER.readerFor(Object.class)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private IngestFunctionUrl() {
    }

    /**
     * True for a Function URL request; false for a direct invoke, whose event is the JSON fields themselves. Lambda
     * always gives a Function URL event its {@code requestContext}, and a caller of the URL controls only the body
     * and headers inside it, so no URL call can pass for an (IAM-authorised) direct invoke.
     */
    public static boolean isRequest(Map<String, Object> event) {
        return event.containsKey("requestContext") || event.containsKey("body");
    }

    /** Answers a Function URL request with {@code handler}'s result for it, or the error it refused with. */
    public static Map<String, Object> answer(Map<String, Object> event, Function<Map<String, Object>, Map<String, Object>> handler) {
        try {
            return http(200, handler.apply(event), Map.of());
        } catch (HttpKeyAuth.UnauthorizedException unauthorized) {
            return http(401, Map.of("error", unauthorized.getMessage()), Map.of("www-authenticate", "Bearer"));
        } catch (IngestGate.ForbiddenException forbidden) {
            return http(403, Map.of("error", forbidden.getMessage()), Map.of());
        } catch (IngestGate.RateLimitedException limited) {
            return http(429, Map.of("error", limited.getMessage()), Map.of("retry-after", Long.toString(limited.retryAfterSeconds())));
        } catch (BillingIngest.RefusedException refused) {
            return http(400, Map.of("error", refused.getMessage()), Map.of());
        } catch (RuntimeException serverSide) {
            // A missing table, a denied call, a bug: the caller did nothing wrong and may retry the same request.
            LOG.error("ingest failed on the server side", serverSide);
            return http(500, Map.of("error", "the ingest service failed on its side (configuration or a dependency), "
                    + "not because of this request; retry later"), Map.of());
        }
    }

    /** The request's body as JSON fields; a body that is not a JSON object is refused naming what it is. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> body(Map<String, Object> event) {
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

    private static Map<String, Object> http(int status, Map<String, Object> body, Map<String, String> headers) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", status);
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("content-type", "application/json");
        response.put("headers", all);
        try {
            response.put("body", Json.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise ingest response", e);
        }
        return response;
    }
}
