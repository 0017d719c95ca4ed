package io.cadencia.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cadencia.aws.Json;
import io.cadencia.secrets.SecretStore;
import io.cadencia.work.JobContext;
import io.cadencia.work.JobOutcome;
import io.cadencia.work.JobRunner;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a catalogue job that has no built-in logic by POSTing to {@code <tenant base URL><job endpoint>}, signed
 * with the tenant's own key. 5xx and timeouts are retried with exponential backoff; any other answer is final.
 *
 * <p>A call that still fails after its retries is recorded as a failed run and not redelivered: the job's next
 * tick calls again, and redelivering an old tick would hold the tenant's FIFO group behind it.
 */
public final class EndpointJob implements JobRunner {

    private final HttpClient http;
    private final SecretStore secrets;
    private final Duration timeout;
    private final RetryPolicy<HttpResponse<String>> retry;

    public EndpointJob(HttpClient http, SecretStore secrets, Duration timeout, int maxRetries, Duration firstBackoff) {
        this.http = http;
        this.secrets = secrets;
        this.timeout = timeout;
        this.retry = RetryPolicy.<HttpResponse<String>>builder()
                .handle(IOException.class)
                .handleResultIf(response -> response.statusCode() >= 500)
                .withBackoff(firstBackoff, firstBackoff.multipliedBy(16))
                .withJitter(0.25)
                .withMaxRetries(maxRetries)
                .build();
    }

    @Override
    public JobOutcome run(JobContext context) {
        String base = context.tenant().endpointBaseUrl();
        if (base == null || base.isBlank()) {
            return JobOutcome.failedPermanently("tenant " + context.tenant().id() + " has no endpointBaseUrl configured");
        }
        if (context.job().endpoint() == null) {
            return JobOutcome.failedPermanently("job " + context.job().name() + " has no endpoint in the catalogue");
        }
        URI target = URI.create(stripSlash(base) + context.job().endpoint());
        String secretName = SecretStore.endpointSecretName(context.tenant().id());
        String key = secrets.find(secretName).orElse(null);
        if (key == null) {
            return JobOutcome.failedPermanently("secret " + secretName + " is missing: endpoint calls are always signed");
        }
        String body = body(context);
        HttpResponse<String> response;
        try {
            response = Failsafe.with(retry).get(() -> http.send(HttpRequest.newBuilder(target)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header(RequestSigner.HEADER, RequestSigner.sign(key, context.clock().instant(), body))
                    .header("X-Cadencia-Job", context.job().name())
                    .header("X-Cadencia-Tenant", context.tenant().id())
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return JobOutcome.failedPermanently("POST " + target + " failed after retries: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return JobOutcome.ok(1, "POST " + target + " -> " + status);
        }
        return JobOutcome.failedPermanently("POST " + target + " -> " + status + (status >= 500 ? " after retries" : ""));
    }

    private static String body(JobContext context) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", context.job().name());
        body.put("category", context.job().category());
        body.put("tenantId", context.tenant().id());
        body.put("scheduledTime", context.work().scheduledTime().toString());
        body.put("trigger", context.work().trigger());
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
