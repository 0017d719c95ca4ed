package io.cadencia.apikey;

import io.cadencia.observability.MetricsSink;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A Function URL request's API key, from {@code Authorization: Bearer <key>}, checked by {@link ApiKeyVerifier}.
 * Refused calls leave a counter (no tenant dimension), a log line with the presented key's prefix when it had one,
 * and, for a key of a known tenant, whatever {@code onRefusal} records; never the body, nor the header.
 *
 * <p>Why {@code Authorization: Bearer} (RFC 6750) and not a custom {@code X-Api-Key}: every HTTP client and ISP
 * billing system has a field for it, and proxies, load balancers and logging tools treat that header as a
 * credential and keep it out of access logs, which they do not for a header of our own naming.
 */
public final class HttpKeyAuth {

    /** Missing, malformed, unknown, wrong or revoked: the caller is told none of which. */
    public static final class UnauthorizedException extends RuntimeException {
        public UnauthorizedException() {
            super("missing, wrong or revoked API key", null, false, false);
        }
    }

    private static final Logger LOG = LogManager.getLogger(HttpKeyAuth.class);
    private static final String BEARER = "bearer ";

    private final ApiKeyVerifier verifier;
    private final MetricsSink metrics;
    private final String call;
    private final Consumer<StoredKey> onRefusal;

    /**
     * @param call      what is being called (a metric dimension), e.g. {@code ingest}
     * @param onRefusal counts a refusal of a known tenant's key (its prefix; never the presented secret)
     */
    public HttpKeyAuth(ApiKeyVerifier verifier, MetricsSink metrics, String call, Consumer<StoredKey> onRefusal) {
        this.verifier = verifier;
        this.metrics = metrics;
        this.call = call;
        this.onRefusal = onRefusal;
    }

    /** The key the request carries, verified; throws {@link UnauthorizedException} for anything else. */
    public StoredKey authenticate(Map<String, Object> event) {
        ApiKeyVerifier.Verdict verdict = verifier.verify(bearer(event).orElse(null));
        if (verdict instanceof ApiKeyVerifier.Verdict.Accepted accepted) {
            return accepted.key();
        }
        ApiKeyVerifier.Verdict.Refused refused = (ApiKeyVerifier.Verdict.Refused) verdict;
        metrics.count("ApiKeyRefused", Map.of("call", call));
        LOG.warn("{} refused: missing, wrong or revoked API key (prefix {})", call,
                refused.presented().map(ApiKeyFormat.Presented::prefix).orElse("none readable"));
        refused.known().ifPresent(onRefusal);
        throw new UnauthorizedException();
    }

    /** The bearer token of a Function URL event (whose header names Lambda gives in lower case). */
    static Optional<String> bearer(Map<String, Object> event) {
        if (!(event.get("headers") instanceof Map<?, ?> headers)) {
            return Optional.empty();
        }
        for (Map.Entry<?, ?> header : headers.entrySet()) {
            if ("authorization".equalsIgnoreCase(String.valueOf(header.getKey())) && header.getValue() != null) {
                String value = header.getValue().toString().strip();
                if (value.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
                    return Optional.of(value.substring(BEARER.length()).strip());
                }
            }
        }
        return Optional.empty();
    }
}
