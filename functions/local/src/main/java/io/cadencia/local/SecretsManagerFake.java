package io.cadencia.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cadencia.aws.Json;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A wire-level Secrets Manager: speaks the service's awsJson1_1 protocol ({@code X-Amz-Target:
 * secretsmanager.<Operation>}) so the real SDK client talks to it unchanged. Versions carry the AWSCURRENT and
 * AWSPREVIOUS stages like the service. Nothing here logs secret values.
 */
public final class SecretsManagerFake extends AwsJsonFake {

    private static final String ACCOUNT = "000000000000";
    private static final String REGION = "us-east-1";

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
        super("secrets-manager-fake", "Message");
        this.clock = clock;
    }

    @Override
    ObjectNode respond(String operation, JsonNode body) {
        return switch (operation) {
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

}
