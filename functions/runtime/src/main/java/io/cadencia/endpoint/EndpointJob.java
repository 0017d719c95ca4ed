package io.cadencia.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cadencia.aws.Json;
import io.cadencia.dispatch.RunId;
import io.cadencia.retry.Jitter;
import io.cadencia.retry.Retrier;
import io.cadencia.retry.Retrier.Attempt;
import io.cadencia.retry.RetryPolicy;
import io.cadencia.retry.Sleeper;
import io.cadencia.secrets.TenantKeys;
import io.cadencia.tenant.keys.TenantKeyKind;
import io.cadencia.work.JobContext;
import io.cadencia.work.JobOutcome;
import io.cadencia.work.JobRunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Runs a catalogue job that has no built-in logic by POSTing to {@code <tenant base URL><job endpoint>}, signed
 * with the tenant's own key and carrying an {@code Idempotency-Key} that is the same for every delivery of the run.
 *
 * <p>A tenant endpoint that is down (5xx, 408, 429, timeout, connection refused) is retried briefly within the
 * invocation, never past the job's deadline; if it is still down the run ends retryable, and the worker hands the
 * message back for a later delivery with a growing delay, keeping the tenant's FIFO order, up to the dead-letter
 * queue. Any other answer (a 4xx: the request itself is wrong) is a permanent failure, recorded and not retried.
 */
public final class EndpointJob implements JobRunner {

    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    /** A request is not started with less time left than this: its answer could not arrive before the deadline. */
    private static final Duration MIN_ATTEMPT = Duration.ofSeconds(1);

    private final HttpClient http;
    private final TenantKeys keys;
    private final Duration timeout;
    private final Retrier retrier;

    /**
     * @param sleeper how the pauses between tries are taken: real in Lambda, a move of the simulated clock locally
     */
    public EndpointJob(HttpClient http, TenantKeys keys, Duration timeout, int maxRetries, Duration firstBackoff,
                       Sleeper sleeper) {
        this.http = http;
        this.keys = keys;
        this.timeout = timeout;
        this.retrier = new Retrier(RetryPolicy.exponential(maxRetries + 1, firstBackoff, 2.0, firstBackoff.multipliedBy(16)),
                sleeper, Jitter.SHARED);
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
        String key = keys.find(context.tenant().id(), TenantKeyKind.ENDPOINT).orElse(null);
        if (key == null) {
            return JobOutcome.failedPermanently("tenant " + context.tenant().id()
                    + " has no endpoint key (control action set-tenant-key): endpoint calls are always signed");
        }
        String body = body(context);
        String idempotencyKey = idempotencyKey(context.work().runId());
        if (!context.deadline().allows(MIN_ATTEMPT)) {
            return JobOutcome.failedRetryable("POST " + target + " not called; no time left in this invocation for another try");
        }
        Retrier.Outcome<JobOutcome> outcome = retrier.run(context.deadline(), MIN_ATTEMPT, () -> {
            Duration left = context.deadline().remaining();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(target)
                        .timeout(timeout.compareTo(left) < 0 ? timeout : left)
                        .header("Content-Type", "application/json")
                        .header(RequestSigner.HEADER, RequestSigner.sign(key, context.clock().instant(), body))
                        .header(IDEMPOTENCY_HEADER, idempotencyKey)
                        .header("X-Cadencia-Job", context.job().name())
                        .header("X-Cadencia-Tenant", context.tenant().id())
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString());
                int code = response.statusCode();
                if (code >= 200 && code < 300) {
                    return Attempt.done(JobOutcome.ok(1, "POST " + target + " -> " + code));
                }
                return endpointDown(code) ? Attempt.failed("-> " + code)
                        : Attempt.done(JobOutcome.failedPermanently("POST " + target + " -> " + code));
            } catch (IOException e) {
                return Attempt.failed("failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Attempt.done(JobOutcome.failedRetryable("POST " + target + " interrupted"));
            }
        });
        return switch (outcome) {
            case Retrier.Outcome.Succeeded<JobOutcome>(JobOutcome done) -> done;
            case Retrier.Outcome.GaveUp<JobOutcome>(Retrier.Stop why, Attempt.Failed<JobOutcome> last, int tries) ->
                    JobOutcome.failedRetryable("POST " + target + " " + last.reason() + (why == Retrier.Stop.INTERRUPTED
                            ? "; interrupted before trying again" : " (" + tries + (tries == 1 ? " try" : " tries") + " in this delivery)"));
        };
    }

    /** 5xx, 408 (request timeout) and 429 (too many requests) say the endpoint cannot answer now; later it may. */
    private static boolean endpointDown(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /**
     * Stable for the run (tenant, job, scheduled time, trigger), the same on every delivery and try, different for
     * every other run: a tenant that already performed it may answer 2xx and do nothing.
     */
    private static String idempotencyKey(RunId run) {
        return UUID.nameUUIDFromBytes(String.join("\n", run.tenant().value(), run.job(), run.scheduledTime().toString(), run.trigger().wire())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String body(JobContext context) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", context.job().name());
        body.put("category", context.job().category());
        body.put("tenantId", context.tenant().id());
        body.put("scheduledTime", context.work().scheduledTime().toString());
        body.put("trigger", context.work().trigger().wire());
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
