package io.cadencia.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cadencia.aws.Json;
import io.cadencia.endpoint.RequestSigner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for tenants' own HTTP apps: serves {@code /t/<tenantId>/<job endpoint>}, checks the signature with
 * that tenant's key, and records every call so tests and the simulation can count effects and duplicates. An alert
 * notice (a body with {@code alert}) is kept apart from the job calls: it is news for the tenant, not a job's effect.
 * Faults on demand per tenant: answer the next N calls with a status, answer with a status during a stretch of the
 * environment's clock, or delay every answer.
 */
public final class TenantApp implements AutoCloseable {

    /**
     * One call received. {@code effectKey} identifies the job run it performs; {@code at} is when it arrived (on
     * the environment's clock); {@code idempotencyKey} is the request's {@code Idempotency-Key} header.
     */
    public record Call(String tenantId, String job, String scheduledTime, String trigger, String path, boolean signatureValid,
                       boolean headerMatchesPath, Instant at, String idempotencyKey) {
        public String effectKey() {
            return tenantId + "#" + job + "#" + scheduledTime + "#" + trigger;
        }
    }

    /** An alert notice received, with the status it was answered with. */
    public record AlertNotice(String tenantId, String alert, String state, long incident, String idempotencyKey, boolean signatureValid,
                              Instant at, int status) {
    }

    /** Calls answered with {@code status} from {@code from} (inclusive) to {@code until} (exclusive). */
    private record Outage(int status, Instant from, Instant until) {
        boolean covers(Instant at) {
            return !at.isBefore(from) && at.isBefore(until);
        }
    }

    private final HttpServer server;
    private final Clock clock;
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    /** Appended by every call: a copy-on-write list would copy all earlier calls on each of a simulated day's 10^5-10^6. */
    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger callCount = new AtomicInteger();
    private final Map<String, Integer> failStatus = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failRemaining = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, Outage> outages = new ConcurrentHashMap<>();
    private final List<AlertNotice> notices = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();
    private final Set<String> withoutEffects;

    /** @param withoutEffects jobs whose calls only observe ({@code effects: none}): a repeated call is no duplicate effect */
    public TenantApp(Clock clock, Set<String> withoutEffects) {
        this.clock = clock;
        this.withoutEffects = Set.copyOf(withoutEffects);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the tenant app", e);
        }
        server.createContext("/t/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "tenant-app");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public String baseUrlFor(String tenantId) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/t/" + tenantId;
    }

    public void register(String tenantId, String signingKey) {
        keys.put(tenantId, signingKey);
    }

    /** The next {@code times} calls for the tenant are answered with {@code status}. */
    public void failNext(String tenantId, int status, int times) {
        failStatus.put(tenantId, status);
        failRemaining.put(tenantId, new AtomicInteger(times));
    }

    /** Every call for the tenant arriving from {@code from} until {@code until} (on the clock) is answered with {@code status}. */
    public void failBetween(String tenantId, int status, Instant from, Instant until) {
        outages.put(tenantId, new Outage(status, from, until));
    }

    /** Every alert notice that arrived, delivered or not. */
    public List<AlertNotice> alertNotices() {
        return List.copyOf(notices);
    }

    public void delay(String tenantId, Duration delay) {
        delays.put(tenantId, delay);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** How many calls arrived, without copying them. */
    public int callCount() {
        return callCount.get();
    }

    /** Successful calls beyond the first for the same tenant, job, scheduled time and trigger. */
    public int duplicateEffects() {
        return effects.values().stream().mapToInt(n -> Math.max(0, n.get() - 1)).sum();
    }

    /** Successful (2xx) calls that performed an effect, per job; calls of jobs without effects are not counted. */
    public Map<String, Integer> effectsByJob() {
        Map<String, Integer> byJob = new java.util.TreeMap<>();
        effects.forEach((key, n) -> byJob.merge(key.split("#")[1], n.get(), Integer::sum));
        return byJob;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath() + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            String pathTenant = path.substring(3, path.indexOf('/', 3) < 0 ? path.length() : path.indexOf('/', 3));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode json = body.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
            String tenant = json.path("tenantId").asText(null);
            String key = keys.get(pathTenant);
            boolean valid = key != null && RequestSigner.verify(key, exchange.getRequestHeaders().getFirst(RequestSigner.HEADER),
                    body, clock.instant(), Duration.ofMinutes(5));
            Call call = new Call(pathTenant, json.path("job").asText(null), json.path("scheduledTime").asText(null),
                    json.path("trigger").asText(null), path, valid, pathTenant.equals(tenant), clock.instant(),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            boolean notice = json.has("alert");
            if (!notice) {
                calls.add(call);
                callCount.incrementAndGet();
            }
            Duration delay = delays.get(pathTenant);
            if (delay != null) {
                sleep(delay);
            }
            int status;
            AtomicInteger remaining = failRemaining.get(pathTenant);
            Outage outage = outages.get(pathTenant);
            if (!valid || !call.headerMatchesPath()) {
                status = 401;
            } else if (outage != null && outage.covers(call.at())) {
                status = outage.status();
            } else if (remaining != null && remaining.getAndDecrement() > 0) {
                status = failStatus.get(pathTenant);
            } else {
                status = 200;
                if (!notice && !withoutEffects.contains(call.job())) {
                    effects.computeIfAbsent(call.effectKey(), k -> new AtomicInteger()).incrementAndGet();
                }
            }
            if (notice) {
                notices.add(new AlertNotice(pathTenant, json.path("alert").asText(), json.path("state").asText(), json.path("incident").asLong(),
                        call.idempotencyKey(), valid, call.at(), status));
            }
            byte[] answer = ("{\"ok\":" + (status == 200) + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
