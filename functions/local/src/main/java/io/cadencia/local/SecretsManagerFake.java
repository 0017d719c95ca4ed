package io.cadencia.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cadencia.aws.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * A wire-level Secrets Manager: speaks the service's awsJson1_1 protocol ({@code X-Amz-Target:
 * secretsmanager.<Operation>}) so the real SDK client talks to it unchanged. Versions carry the AWSCURRENT and
 * AWSPREVIOUS stages like the service. Nothing here logs secret values.
 */
public final class SecretsManagerFake implements AutoCloseable {

    private static final String ACCOUNT = "000000000000";
    private static final String REGION = "us-east-1";

    private final HttpServer server;
    private final Clock clock;
    private final Map<String, Secret> secrets = new LinkedHashMap<>();

    private static final class Secret {
        final String name;
        final String arn;
        final double created;
        final List<Version> versions = new ArrayList<>();

        Secret(String name, double created) {
            this.name = name;
            this.arn = "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + name + "-" + UUID.randomUUID().toString().substring(0, 6);
            this.created = created;
        }

        Version stage(String stage) {
            return versions.stream().filter(v -> v.stages.contains(stage)).findFirst().orElse(null);
        }
    }

    private record Version(String id, String value, double created, List<String> stages) {
    }

    public SecretsManagerFake(Clock clock) {
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the Secrets Manager fake", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "secrets-manager-fake");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
            JsonNode body = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            ObjectNode response;
            try {
                synchronized (secrets) {
                    response = switch (operation) {
                        case "CreateSecret" -> create(body);
                        case "GetSecretValue" -> get(body);
                        case "PutSecretValue" -> put(body);
                        case "UpdateSecret" -> put(body);
                        case "DescribeSecret" -> describe(body);
                        case "ListSecrets" -> list();
                        case "DeleteSecret" -> delete(body);
                        default -> throw new Failure("InvalidRequestException", "operation " + operation + " is not supported by the local fake");
                    };
                }
            } catch (Failure f) {
                ObjectNode error = Json.MAPPER.createObjectNode().put("__type", f.type).put("Message", f.getMessage());
                send(exchange, 400, error);
                return;
            }
            send(exchange, 200, response);
        }
    }

    private ObjectNode create(JsonNode body) {
        String name = text(body, "Name");
        if (secrets.containsKey(name)) {
            throw new Failure("ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
        }
        Secret secret = new Secret(name, now());
        secrets.put(name, secret);
        Version version = addVersion(secret, body);
        return Json.MAPPER.createObjectNode().put("ARN", secret.arn).put("Name", name).put("VersionId", version.id);
    }

    private ObjectNode put(JsonNode body) {
        Secret secret = find(text(body, "SecretId"));
        Version version = addVersion(secret, body);
        ObjectNode out = Json.MAPPER.createObjectNode().put("ARN", secret.arn).put("Name", secret.name).put("VersionId", version.id);
        out.putArray("VersionStages").add("AWSCURRENT");
        return out;
    }

    private Version addVersion(Secret secret, JsonNode body) {
        JsonNode token = body.get("ClientRequestToken");
        String id = token == null ? UUID.randomUUID().toString() : token.asText();
        for (Version existing : secret.versions) {
            if (existing.id.equals(id)) {
                return existing; // idempotent retry of the same request token, as the service does
            }
        }
        secret.versions.removeIf(v -> v.stages.contains("AWSPREVIOUS") && !v.stages.contains("AWSCURRENT"));
        for (Version v : secret.versions) {
            if (v.stages.remove("AWSCURRENT")) {
                v.stages.add("AWSPREVIOUS");
            }
        }
        JsonNode value = body.get("SecretString");
        Version version = new Version(id, value == null ? null : value.asText(), now(), new ArrayList<>(List.of("AWSCURRENT")));
        secret.versions.add(version);
        return version;
    }

    private ObjectNode get(JsonNode body) {
        Secret secret = find(text(body, "SecretId"));
        JsonNode stageNode = body.get("VersionStage");
        JsonNode idNode = body.get("VersionId");
        Version version = idNode != null
                ? secret.versions.stream().filter(v -> v.id.equals(idNode.asText())).findFirst().orElse(null)
                : secret.stage(stageNode == null ? "AWSCURRENT" : stageNode.asText());
        if (version == null) {
            throw new Failure("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: "
                    + (stageNode == null ? "AWSCURRENT" : stageNode.asText()));
        }
        ObjectNode out = Json.MAPPER.createObjectNode().put("ARN", secret.arn).put("Name", secret.name)
                .put("VersionId", version.id).put("CreatedDate", version.created);
        if (version.value != null) {
            out.put("SecretString", version.value);
        }
        ArrayNode stages = out.putArray("VersionStages");
        version.stages.forEach(stages::add);
        return out;
    }

    private ObjectNode describe(JsonNode body) {
        Secret secret = find(text(body, "SecretId"));
        ObjectNode out = Json.MAPPER.createObjectNode().put("ARN", secret.arn).put("Name", secret.name).put("CreatedDate", secret.created);
        ObjectNode versions = out.putObject("VersionIdsToStages");
        secret.versions.forEach(v -> {
            ArrayNode stages = versions.putArray(v.id);
            v.stages.forEach(stages::add);
        });
        return out;
    }

    private ObjectNode list() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("SecretList");
        secrets.values().forEach(s -> list.addObject().put("ARN", s.arn).put("Name", s.name).put("CreatedDate", s.created));
        return out;
    }

    private ObjectNode delete(JsonNode body) {
        Secret secret = find(text(body, "SecretId"));
        secrets.remove(secret.name);
        return Json.MAPPER.createObjectNode().put("ARN", secret.arn).put("Name", secret.name).put("DeletionDate", now());
    }

    private Secret find(String id) {
        Secret secret = secrets.get(id);
        if (secret == null) {
            secret = secrets.values().stream().filter(s -> s.arn.equals(id)).findFirst().orElse(null);
        }
        if (secret == null) {
            throw new Failure("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        return secret;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        if (value == null || value.asText().isBlank()) {
            throw new Failure("InvalidParameterException", "field " + field + " is required");
        }
        return value.asText();
    }

    private double now() {
        return clock.millis() / 1000.0;
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
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private static final class Failure extends RuntimeException {
        final String type;

        Failure(String type, String message) {
            super(message);
            this.type = type;
        }
    }
}
