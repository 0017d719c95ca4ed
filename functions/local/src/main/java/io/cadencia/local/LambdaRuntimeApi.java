package io.cadencia.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (version 2018-06-01) that one function's runtime process polls, as the Lambda service
 * serves it to a container: {@code next} hands out the queued events, {@code response}, {@code error} and
 * {@code init/error} collect what the function answered. A runtime started for SnapStart
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}) runs its before-checkpoint hooks and then asks
 * {@code restore/next}; Lambda takes the snapshot while that call waits and answers it in each restored container.
 * Here no snapshot exists: the call is answered at once and the same process goes on as its own "restored" copy,
 * running its after-restore hooks. Arrival times ({@link System#nanoTime()}) are kept for the cold-start bench.
 */
final class LambdaRuntimeApi implements AutoCloseable {

    /** What the function answered to one invocation: its response, or the error it reported, and when it arrived. */
    record Answer(String requestId, boolean error, String body, long receivedNanos) {
    }

    private record Pending(String requestId, String event, long deadlineMillis, String functionArn) {
    }

    private static final Pattern ANSWER = Pattern.compile("/2018-06-01/runtime/invocation/([^/]+)/(response|error)");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Answer>> answers = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final CompletableFuture<Long> restoreAsked = new CompletableFuture<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();

    LambdaRuntimeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        // `next` is a long poll: it holds a thread while the function waits for work.
        server.setExecutor(threads);
        server.start();
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues one invocation; the future completes when the function answers it. */
    CompletableFuture<Answer> invoke(String event, Duration timeout, String functionArn) {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        answers.put(requestId, answer);
        pending.add(new Pending(requestId, event, System.currentTimeMillis() + timeout.toMillis(), functionArn));
        return answer;
    }

    /**
     * Completes with the body the runtime posted to {@code init/error} when the handler could not be loaded (or a
     * before-checkpoint hook failed), or to {@code restore/error} when an after-restore hook failed.
     */
    CompletableFuture<String> initError() {
        return initError;
    }

    /** When a SnapStart runtime asked {@code restore/next}: its init and before-checkpoint hooks were done. */
    CompletableFuture<Long> restoreAsked() {
        return restoreAsked;
    }

    /** When the runtime first asked for an invocation: its init (and after-restore hooks) were done. */
    CompletableFuture<Long> firstPoll() {
        return firstPoll;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            long arrived = System.nanoTime();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("GET".equals(exchange.getRequestMethod()) && path.equals("/2018-06-01/runtime/invocation/next")) {
                firstPoll.complete(arrived);
                next(exchange);
                return;
            }
            if ("GET".equals(exchange.getRequestMethod()) && path.equals("/2018-06-01/runtime/restore/next")) {
                restoreAsked.complete(arrived);
                respond(exchange, 200, "");
                return;
            }
            Matcher m = ANSWER.matcher(path);
            if ("POST".equals(exchange.getRequestMethod()) && m.matches() && answers.containsKey(m.group(1))) {
                answers.get(m.group(1)).complete(new Answer(m.group(1), m.group(2).equals("error"),
                        new String(body, StandardCharsets.UTF_8), arrived));
                respond(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            if ("POST".equals(exchange.getRequestMethod())
                    && (path.equals("/2018-06-01/runtime/init/error") || path.equals("/2018-06-01/runtime/restore/error"))) {
                initError.complete(path + ": " + new String(body, StandardCharsets.UTF_8));
                respond(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            respond(exchange, 404, "{\"errorMessage\":\"not a Runtime API call: " + exchange.getRequestMethod() + " " + path + "\"}");
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Pending invocation;
        try {
            invocation = pending.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMillis()));
        exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn", invocation.functionArn());
        exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id",
                "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24) + ";Sampled=0");
        respond(exchange, 200, invocation.event());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
