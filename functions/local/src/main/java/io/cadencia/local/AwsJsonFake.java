package io.cadencia.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cadencia.aws.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the wire-level fakes share: an AWS service speaking the awsJson1_1 protocol on a loopback port
 * ({@code X-Amz-Target: <Service>.<Operation>}, a JSON body, errors as HTTP 400 with {@code __type}), so the real SDK
 * client talks to it unchanged. Requests are answered one at a time, so a fake's state needs no other locking.
 */
abstract class AwsJsonFake implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final String messageField;

    /**
     * @param messageField the error body's message field: services differ ({@code Message}, {@code message})
     */
    AwsJsonFake(String name, String messageField) {
        this.messageField = messageField;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the " + name, e);
        }
        server.createContext("/", this::handle);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The answer to one operation; a {@link Failure} becomes the service's error of that type. */
    abstract ObjectNode respond(String operation, JsonNode body);

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
            JsonNode body = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            ObjectNode response;
            try {
                synchronized (this) {
                    response = respond(operation, body);
                }
            } catch (Failure f) {
                send(exchange, 400, Json.MAPPER.createObjectNode().put("__type", f.type).put(messageField, f.getMessage()));
                return;
            }
            send(exchange, 200, response);
        }
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The service's error {@code type} (its exception's name) with a message. */
    static final class Failure extends RuntimeException {
        final String type;

        Failure(String type, String message) {
            super(message);
            this.type = type;
        }
    }
}
