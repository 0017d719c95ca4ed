package io.cadencia.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Maps Evolution API v2 responses to results. Pure, so every wire shape is unit-testable without a server. */
final class EvolutionResponses {

    private static final int MAX_REASON_CHARS = 300;

    private final ObjectMapper json;

    EvolutionResponses(ObjectMapper json) {
        this.json = json;
    }

    SendResult classifySend(int status, String body, String instanceName, String numberDigits) {
        if (status >= 200 && status < 300) {
            String id = parse(body).path("key").path("id").asText("");
            return new SendResult.Sent(id.isEmpty() ? SendResult.Sent.UNKNOWN_ID : id);
        }
        if (status == 400 && reportsMissingNumber(body)) {
            return new SendResult.PermanentFailure("number not on WhatsApp: " + numberDigits);
        }
        String detail = describe(status, body);
        if (status == 400 && failedWhileSending(body)) {
            return new SendResult.TemporaryFailure(detail);
        }
        if (status == 401 || status == 403) {
            return new SendResult.InstanceRejected("apikey rejected for instance " + instanceName + ": " + detail);
        }
        if (status == 404) {
            return new SendResult.InstanceRejected("unknown instance " + instanceName + ": " + detail);
        }
        if (isTemporaryStatus(status)) {
            return new SendResult.TemporaryFailure(detail);
        }
        return new SendResult.PermanentFailure(detail);
    }

    ConnectionState classifyState(int status, String body) {
        if (status == 401 || status == 403 || status == 404) {
            return new ConnectionState.Rejected((status == 404 ? "unknown instance: " : "apikey rejected: ") + describe(status, body));
        }
        if (status != 200) {
            return new ConnectionState.Unreachable(describe(status, body));
        }
        String state = parse(body).path("instance").path("state").asText("");
        switch (state) {
            case "open":
                return ConnectionState.OPEN;
            case "connecting":
                return ConnectionState.CONNECTING;
            case "close":
                return ConnectionState.CLOSE;
            default:
                return new ConnectionState.Unreachable("unexpected connection state: " + truncate(state));
        }
    }

    List<NumberCheck> parseNumberChecks(int status, String body) {
        if (status == 400 && isRawError(body)) {
            throw new EvolutionException(true, "HTTP 400: " + truncate(rawErrorText(body)));
        }
        if (status < 200 || status >= 300) {
            throw new EvolutionException(isTemporaryStatus(status) || (status == 400 && failedWhileSending(body)),
                    describe(status, body));
        }
        JsonNode root = parse(body);
        if (!root.isArray()) {
            throw new EvolutionException(true, "unexpected whatsappNumbers body: " + truncate(body));
        }
        List<NumberCheck> checks = new ArrayList<>(root.size());
        for (JsonNode entry : root) {
            checks.add(new NumberCheck(
                    entry.path("number").asText(),
                    entry.path("exists").asBoolean(false),
                    textOrNull(entry.get("jid")),
                    textOrNull(entry.get("name"))));
        }
        return List.copyOf(checks);
    }

    /** One stored message of {@code findMessages}: {@code key.id}, {@code key.remoteJid}, {@code key.fromMe}, the text. */
    record StoredMessage(String id, String remoteJid, boolean fromMe, String text) {
    }

    /** One page of {@code findMessages}: {@code messages.records} and {@code messages.pages}. */
    record StoredMessages(List<StoredMessage> records, int pages) {
    }

    /**
     * {@code {"messages":{"total":n,"pages":p,"currentPage":c,"records":[{"key":{...},"message":{"conversation":"…"}}]}}};
     * the text is {@code message.conversation}, or {@code message.extendedTextMessage.text} for a text with a preview.
     */
    StoredMessages parseStoredMessages(int status, String body) {
        if (status < 200 || status >= 300) {
            throw new EvolutionException(isTemporaryStatus(status), describe(status, body));
        }
        JsonNode messages = parse(body).path("messages");
        if (!messages.path("records").isArray()) {
            throw new EvolutionException(true, "unexpected findMessages body: " + truncate(String.valueOf(body)));
        }
        List<StoredMessage> records = new ArrayList<>();
        for (JsonNode record : messages.path("records")) {
            JsonNode key = record.path("key");
            JsonNode message = record.path("message");
            String text = message.path("conversation").isTextual() ? message.path("conversation").asText()
                    : message.path("extendedTextMessage").path("text").asText(null);
            records.add(new StoredMessage(key.path("id").asText(""), key.path("remoteJid").asText(""),
                    key.path("fromMe").asBoolean(false), text));
        }
        return new StoredMessages(List.copyOf(records), messages.path("pages").asInt(1));
    }

    /** 408 and 429 say "not now"; 5xx covers the gateway's own "Connection Closed" for a disconnected instance. */
    static boolean isTemporaryStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /**
     * Evolution wraps whatever went wrong while sending as 400 {@code ["Error: <message>"]} (Error.toString()), a
     * dropped connection ("Error: Connection Closed") included: that is the gateway's trouble, not the message's.
     * Its other 400s are about the request: schema errors come as a nested array, the not-on-WhatsApp answer as an
     * object, and its own checks ("Text is required") as plain text without the "Error: " prefix.
     */
    private boolean failedWhileSending(String body) {
        JsonNode message = parse(body).path("response").path("message");
        if (!message.isArray() || message.isEmpty()) {
            return false;
        }
        for (JsonNode item : message) {
            if (!item.isTextual() || !item.asText().startsWith("Error: ")) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code chat/whatsappNumbers} answers 400 with the raw exception it caught: for a dropped connection Baileys'
     * Boom (statusCode 428 "Connection Closed"), not Evolution's {status, error, response} envelope.
     */
    private boolean isRawError(String body) {
        JsonNode root = parse(body);
        return root.path("isBoom").asBoolean(false) || root.path("output").path("statusCode").isInt();
    }

    private String rawErrorText(String body) {
        JsonNode payload = parse(body).path("output").path("payload");
        return payload.path("statusCode").asInt() + " " + payload.path("message").asText(body);
    }

    private boolean reportsMissingNumber(String body) {
        JsonNode message = parse(body).path("response").path("message");
        for (JsonNode item : message) {
            if (item.isObject() && item.has("exists") && !item.path("exists").asBoolean(true)) {
                return true;
            }
        }
        return false;
    }

    /**
     * "HTTP 500: Connection Closed"; the gateway nests messages as a string, an array, or an array of arrays, under
     * {@code response} or, when a route serialises its caught error itself, at the top.
     */
    private String describe(int status, String body) {
        JsonNode root = parse(body);
        JsonNode message = root.path("response").has("message") ? root.path("response").path("message") : root.path("message");
        List<String> parts = new ArrayList<>();
        collectText(message, parts);
        String text = parts.isEmpty() ? body : String.join("; ", parts);
        return truncate("HTTP " + status + (text == null || text.isBlank() ? "" : ": " + text));
    }

    private static void collectText(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            into.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(child -> collectText(child, into));
        } else if (node.isObject()) {
            into.add(node.toString());
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return json.missingNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException notJson) {
            return json.missingNode();
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String truncate(String s) {
        return s.length() <= MAX_REASON_CHARS ? s : s.substring(0, MAX_REASON_CHARS) + "…";
    }
}
