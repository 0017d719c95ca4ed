package io.cadencia.work;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadencia.aws.Json;
import io.cadencia.dispatch.Trigger;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.tenant.TenantId;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parses a work message body (written by SqsWorkQueue) strictly; every error names the field and the value found. */
public final class WorkMessages {

    private WorkMessages() {
    }

    public static WorkMessage parse(String body) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new MalformedMessageException("body is not JSON: " + abbreviate(body));
        }
        if (node == null || !node.isObject()) {
            throw new MalformedMessageException("body is not a JSON object: " + abbreviate(body));
        }
        String tenantText = text(node, "tenantId");
        TenantId tenant;
        try {
            tenant = TenantId.of(tenantText);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("field " + e.getMessage());
        }
        String time = text(node, "scheduledTime");
        Instant scheduled;
        try {
            scheduled = Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new MalformedMessageException("field 'scheduledTime' value '" + time + "' is not an ISO-8601 instant");
        }
        JsonNode endpoint = node.get("endpoint");
        JsonNode coalesce = node.get("coalesce");
        if (coalesce != null && !coalesce.isBoolean()) {
            throw new MalformedMessageException("field 'coalesce' is invalid: " + coalesce);
        }
        return new WorkMessage(text(node, "job"), text(node, "category"), tenant, scheduled,
                endpoint == null || endpoint.isNull() ? null : endpoint.asText(), trigger(node.get("trigger")),
                coalesce == null || coalesce.asBoolean());
    }

    /** Messages written before run-now existed carry no trigger: they are the schedule's. */
    private static Trigger trigger(JsonNode trigger) {
        if (trigger == null || trigger.isNull()) {
            return Trigger.SCHEDULE;
        }
        try {
            return Trigger.fromWire(trigger.asText());
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("field " + e.getMessage());
        }
    }


    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || !value.isTextual() || value.asText().isBlank()) {
            throw new MalformedMessageException("field '" + field + "' is " + (value == null ? "missing" : "invalid: " + value));
        }
        return value.asText();
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "null";
        }
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    /** A message that can never succeed; it goes to the dead-letter queue at once with this reason. */
    public static final class MalformedMessageException extends IllegalArgumentException {
        public MalformedMessageException(String message) {
            super(message);
        }
    }
}
