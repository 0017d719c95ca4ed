package io.cadencia.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cadencia.aws.Json;
import io.cadencia.catalogue.Job;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lambda Invoke API on 127.0.0.1 compatible with {@code sam local start-lambda}: {@code POST
 * /2015-03-31/functions/<name>/invocations} runs the function's handler. A handler error answers 200 with
 * {@code X-Amz-Function-Error: Unhandled}, as Lambda does. Work the invocation queued is drained right after.
 */
public final class LocalServer implements AutoCloseable {

    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");

    private final LocalEnvironment env;
    private final HttpServer server;
    private volatile boolean running = true;

    private LocalServer(LocalEnvironment env, int port) throws IOException {
        this.env = env;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public static LocalServer start(LocalEnvironment env, int port) throws IOException {
        return new LocalServer(env, port);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = INVOKE.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !m.matches()) {
                respond(exchange, 404, Map.of(), "{\"Type\":\"User\",\"message\":\"not a Lambda Invoke request\"}");
                return;
            }
            String function = functionName(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
            String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!env.deployment().functions().containsKey(function)) {
                respond(exchange, 404, Map.of("x-amzn-ErrorType", "ResourceNotFoundException"),
                        "{\"Type\":\"User\",\"message\":\"Function not found: " + function + "\"}");
                return;
            }
            try {
                String response = env.invoke(function, payload.isBlank() ? "{}" : payload);
                drainAll();
                respond(exchange, 200, Map.of(), response);
            } catch (Exception e) {
                String error = Json.MAPPER.writeValueAsString(Map.of("errorMessage", String.valueOf(e.getMessage()),
                        "errorType", e.getClass().getName()));
                respond(exchange, 200, Map.of("X-Amz-Function-Error", "Unhandled"), error);
            }
        }
    }

    /** Accepts a plain logical id or an ARN ending in it. */
    private static String functionName(String raw) {
        return raw.contains(":function:") ? raw.substring(raw.indexOf(":function:") + 10).split(":")[0] : raw;
    }

    private synchronized void drainAll() {
        env.catalogue().categories().forEach(env::drain);
    }

    /** Blocks, firing each schedule of the catalogue at its real fire time, then draining its queue. */
    public void fireSchedules() throws InterruptedException {
        while (running) {
            Instant now = env.clock().instant();
            Instant next = null;
            List<Job> due = new ArrayList<>();
            for (Job job : env.catalogue().jobs()) {
                Optional<Instant> fire = job.schedule().nextAfter(now);
                if (fire.isEmpty()) {
                    continue;
                }
                if (next == null || fire.get().isBefore(next)) {
                    next = fire.get();
                    due.clear();
                }
                if (fire.get().equals(next)) {
                    due.add(job);
                }
            }
            if (next == null) {
                return;
            }
            Thread.sleep(Math.max(0, Duration.between(env.clock().instant(), next).toMillis()));
            for (Job job : due) {
                Map<String, Object> result = env.tick(job, next);
                System.out.printf("%s %s: %s (%s messages)%n", next, job.name(), result.get("status"), result.get("messages"));
            }
            drainAll();
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        running = false;
        server.stop(0);
    }
}
