package io.cadencia.hubsoft;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadencia.aws.Json;
import java.io.IOException;

/**
 * A tenant's HubSoft account, from its tenant key {@code hubsoft}:
 * {@code {host, client_id, client_secret, username, password}}. toString shows only the host.
 */
public record HubSoftCredentials(String host, String clientId, String clientSecret, String username, String password) {

    public static HubSoftCredentials parse(String tenantId, String json) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            // The parser's message may quote the key's text: name only tenant and kind.
            throw new IllegalStateException("the hubsoft key of tenant " + tenantId + " is not valid JSON");
        }
        String host = text(tenantId, node, "host");
        return new HubSoftCredentials(host.endsWith("/") ? host.substring(0, host.length() - 1) : host,
                text(tenantId, node, "client_id"), text(tenantId, node, "client_secret"),
                text(tenantId, node, "username"), text(tenantId, node, "password"));
    }

    private static String text(String tenantId, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new IllegalStateException("the hubsoft key of tenant " + tenantId + " has no field '" + field + "'");
        }
        return value.asText();
    }

    @Override
    public String toString() {
        return "HubSoftCredentials[host=" + host + ", ***]";
    }
}
