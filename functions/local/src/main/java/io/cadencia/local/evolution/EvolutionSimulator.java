package io.cadencia.local.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.cadencia.local.SimulatedHttpServer;
import io.cadencia.local.SimulatedService;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * In-process Evolution API v2 gateway speaking the wire shapes of the real one (sendText,
 * connectionState, whatsappNumbers, apikey auth, unknown instance), with faults on demand.
 *
 * <p>Faithful to Evolution API 2.3.6 (fixtures under {@code src/test/resources/vendor/evolution}, checked by
 * {@code EvolutionContractTest}): an unknown instance is answered 404 before the apikey is looked at; request
 * bodies are validated like its JSON schemas; a number Evolution has already checked sits in its onWhatsapp cache,
 * so on a dropped connection a send to it fails while sending (400 {@code ["Error: Connection Closed"]}) and a send
 * to an unchecked number fails in the check (500 "Connection Closed"); {@code whatsappNumbers} answers a dropped
 * connection with the raw Baileys error (400, a Boom with statusCode 428) unless every number is cached.
 *
 * <p>The sendText {@code delay} ("typing…") is waited for as the gateway does before it sends: on a
 * {@link io.cadencia.local.SimulatedClock} by moving it (production pacing at no wall-time cost), else in
 * real time. Accepted messages are kept like Evolution's message store and answered by
 * {@code findMessages} (newest first, {@code offset} per page, {@code where.messageTimestamp.gte/lte} filter,
 * as channel.service.ts fetchMessages does).
 *
 * <p>Deviations from the real gateway: {@code remoteJid} echoes the number as sent unless
 * {@link #storeWithoutNinthDigit} says otherwise (the real one drops the Brazilian ninth digit for accounts
 * created before it), and the number cache never expires (Evolution's lasts days).
 */
public final class EvolutionSimulator implements SimulatedService {

    public enum State { OPEN, CONNECTING, CLOSE }

    public record AcceptedMessage(String instance, String number, String text, String id, Instant acceptedAt) {
    }

    /** One request as it reached the gateway (the apikey header is not kept). */
    public record Received(String method, String path, String body) {
    }

    private record Dedup(String instance, String number, String text) {
    }

    private static final class Instance {
        final String name;
        final String apiKey;
        final String instanceId = UUID.randomUUID().toString();
        volatile State state = State.OPEN;
        volatile Duration responseDelay = Duration.ZERO;
        final AtomicInteger failNextSends = new AtomicInteger();
        final AtomicInteger dropNextResponses = new AtomicInteger();
        volatile boolean findMessagesDown;
        final AtomicInteger dropAfterSends = new AtomicInteger(-1);
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger sendRequests = new AtomicInteger();
        final AtomicInteger sendsInFlight = new AtomicInteger();
        final AtomicInteger maxSendsInFlight = new AtomicInteger();

        Instance(String name, String apiKey) {
            this.name = name;
            this.apiKey = apiKey;
        }
    }

    private static final String SEND = "/message/sendText/";
    private static final String STATE = "/instance/connectionState/";
    private static final String NUMBERS = "/chat/whatsappNumbers/";
    private static final String FIND = "/chat/findMessages/";

    private final ObjectMapper json = new ObjectMapper();
    private final String globalApiKey;
    private final Clock clock;
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final Set<String> missingNumbers = ConcurrentHashMap.newKeySet();
    private final Set<String> ninthDigitDropped = ConcurrentHashMap.newKeySet();
    private final Set<String> checkedNumbers = ConcurrentHashMap.newKeySet();
    private final List<Received> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Object ledgerLock = new Object();
    private final List<AcceptedMessage> accepted = new ArrayList<>();
    private final Set<Dedup> seen = new HashSet<>();
    private int duplicates;
    private final SimulatedHttpServer http;

    /**
     * Starts listening on 127.0.0.1 on a free port.
     *
     * @param globalApiKey accepted for every instance, like the gateway's AUTHENTICATION_API_KEY
     */
    public EvolutionSimulator(String globalApiKey, Clock clock) {
        this.globalApiKey = Objects.requireNonNull(globalApiKey, "globalApiKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = new SimulatedHttpServer("Evolution", 8, this::handle);
    }

    public int port() {
        return http.port();
    }

    @Override
    public String baseUrl() {
        return http.baseUrl();
    }

    public void addInstance(String name, String apiKey) {
        if (instances.putIfAbsent(name, new Instance(name, apiKey)) != null) {
            throw new IllegalStateException("instance exists: " + name);
        }
    }

    public void setState(String instance, State state) {
        instance(instance).state = Objects.requireNonNull(state);
    }

    /** The phone is disconnected: state "close", and calls fail as described in the class comment. */
    public void closeInstance(String instance) {
        setState(instance, State.CLOSE);
    }

    public void failNextSends(String instance, int count) {
        instance(instance).failNextSends.set(count);
    }

    /**
     * The next {@code count} sends go out (they are stored and counted) but the connection is closed before any
     * response: the client cannot know whether they were sent.
     */
    public void dropNextResponses(String instance, int count) {
        instance(instance).dropNextResponses.set(count);
    }

    /** findMessages answers 500 (the gateway's database is unreachable) while {@code down}. */
    public void setFindMessagesDown(String instance, boolean down) {
        instance(instance).findMessagesDown = down;
    }

    /** WhatsApp knows this 13-digit number under its old 12-digit JID, as Evolution then stores it. */
    public void storeWithoutNinthDigit(String numberDigits) {
        ninthDigitDropped.add(numberDigits);
    }

    /**
     * The phone drops after {@code sends} more accepted sends: state "connecting" until {@link #setState} opens it
     * again, as when Evolution reconnects by itself.
     */
    public void dropConnectionAfterSends(String instance, int sends) {
        instance(instance).dropAfterSends.set(sends);
    }

    /** Every request to the instance waits this long before it is processed. */
    public void setResponseDelay(String instance, Duration delay) {
        instance(instance).responseDelay = Objects.requireNonNull(delay);
    }

    /** WhatsApp has no account for this number, whichever instance asks. */
    public void addMissingNumber(String numberDigits) {
        missingNumbers.add(numberDigits);
    }

    @Override
    public void goDown(Outage how) {
        http.goDown(Objects.requireNonNull(how));
    }

    @Override
    public void comeBack() {
        http.comeBack();
    }

    /** Every request received, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<AcceptedMessage> acceptedMessages() {
        synchronized (ledgerLock) {
            return List.copyOf(accepted);
        }
    }

    public int sentCount() {
        synchronized (ledgerLock) {
            return accepted.size();
        }
    }

    /** Accepted messages whose (instance, number, text) had already been accepted: the same reminder step delivered twice. */
    public int duplicateSends() {
        synchronized (ledgerLock) {
            return duplicates;
        }
    }

    /** Requests addressed to the instance that reached the gateway, whatever their outcome (503s and 401s included). */
    public int requestCount(String instance) {
        return instance(instance).requests.get();
    }

    public int sendRequestCount(String instance) {
        return instance(instance).sendRequests.get();
    }

    /** Highest number of sendText requests for the instance that were being processed at the same time. */
    public int maxSendsInFlight(String instance) {
        return instance(instance).maxSendsInFlight.get();
    }

    @Override
    public void close() {
        http.close();
    }

    private Instance instance(String name) {
        Instance instance = instances.get(name);
        if (instance == null) {
            throw new IllegalArgumentException("no such instance: " + name);
        }
        return instance;
    }

    private void handle(HttpExchange exchange) throws IOException {
        Reply reply = route(exchange, readAll(exchange.getRequestBody()));
        if (reply == DROPPED) {
            exchange.close();
            return;
        }
        SimulatedHttpServer.writeJson(exchange, reply.status(), "application/json; charset=utf-8",
                json.writeValueAsBytes(reply.body()));
    }

    private record Reply(int status, Object body) {
    }

    /** The connection is closed without a response. */
    private static final Reply DROPPED = new Reply(0, null);

    private Reply route(HttpExchange exchange, byte[] requestBody) {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        received.add(new Received(method, path, new String(requestBody, java.nio.charset.StandardCharsets.UTF_8)));
        countRequest(path);
        if (http.serviceUnavailable()) {
            return error(503, "Service Unavailable", "Service Unavailable");
        }
        if (path.startsWith(SEND) && method.equals("POST")) {
            return guarded(exchange, path.substring(SEND.length()), instance -> sendText(instance, requestBody), true);
        }
        if (path.startsWith(STATE) && method.equals("GET")) {
            return guarded(exchange, path.substring(STATE.length()), this::connectionState, false);
        }
        if (path.startsWith(FIND) && method.equals("POST")) {
            return guarded(exchange, path.substring(FIND.length()), instance -> findMessages(instance, requestBody), false);
        }
        if (path.startsWith(NUMBERS) && method.equals("POST")) {
            return guarded(exchange, path.substring(NUMBERS.length()), instance -> whatsappNumbers(instance, requestBody), false);
        }
        return error(404, "Not Found", "Cannot " + method + " " + path);
    }

    private void countRequest(String path) {
        Instance instance = instances.get(path.substring(path.lastIndexOf('/') + 1));
        if (instance != null) {
            instance.requests.incrementAndGet();
            if (path.startsWith(SEND)) {
                instance.sendRequests.incrementAndGet();
            }
        }
    }

    private Reply guarded(HttpExchange exchange, String instanceName, Function<Instance, Reply> action,
                          boolean isSend) {
        Instance instance = instances.get(instanceName);
        // Evolution's instanceExistsGuard runs before its apikey guard.
        if (instance == null) {
            return error(404, "Not Found", List.of("The \"" + instanceName + "\" instance does not exist"));
        }
        String key = exchange.getRequestHeaders().getFirst("apikey");
        if (!globalApiKey.equals(key) && !instance.apiKey.equals(key)) {
            return error(401, "Unauthorized", "Unauthorized");
        }
        if (!isSend) {
            SimulatedHttpServer.pause(instance.responseDelay);
            return action.apply(instance);
        }
        int inFlight = instance.sendsInFlight.incrementAndGet();
        instance.maxSendsInFlight.accumulateAndGet(inFlight, Math::max);
        try {
            SimulatedHttpServer.pause(instance.responseDelay);
            return action.apply(instance);
        } finally {
            instance.sendsInFlight.decrementAndGet();
        }
    }

    private Reply sendText(Instance instance, byte[] requestBody) {
        JsonNode body = parse(requestBody);
        List<String> invalid = schemaErrors(body);
        if (!invalid.isEmpty()) {
            return error(400, "Bad Request", List.of(invalid));
        }
        String number = body.path("number").asText();
        String text = body.path("text").asText();
        if (text.isBlank()) {
            return error(400, "Bad Request", List.of("Text is required"));
        }
        if (instance.failNextSends.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return error(500, "Internal Server Error", "Connection Closed");
        }
        if (instance.state != State.OPEN) {
            // The number check runs outside Evolution's send try-block: only a cached number reaches the send.
            return checkedNumbers.contains(number) ? error(400, "Bad Request", List.of("Error: Connection Closed"))
                    : error(500, "Internal Server Error", "Connection Closed");
        }
        String jid = number + "@s.whatsapp.net";
        if (missingNumbers.contains(number)) {
            ObjectNode missing = json.createObjectNode().put("jid", jid).put("exists", false).put("number", number);
            return error(400, "Bad Request", List.of(missing));
        }
        checkedNumbers.add(number);
        typing(Duration.ofMillis(Math.max(0, body.path("delay").asLong(0))));
        Instant now = clock.instant();
        String id = "3EB0" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
        record(new AcceptedMessage(instance.name, number, text, id, now));
        if (instance.dropAfterSends.get() > 0 && instance.dropAfterSends.decrementAndGet() == 0) {
            instance.state = State.CONNECTING;
        }
        if (instance.dropNextResponses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return DROPPED;
        }

        ObjectNode reply = json.createObjectNode();
        reply.putObject("key").put("remoteJid", storedJid(number)).put("fromMe", true).put("id", id);
        reply.put("pushName", "Você");
        reply.put("status", "PENDING");
        reply.putObject("message").put("conversation", text);
        reply.put("messageType", "conversation");
        reply.put("messageTimestamp", now.getEpochSecond());
        reply.put("instanceId", instance.instanceId);
        reply.put("source", "web");
        return new Reply(201, reply);
    }

    private void typing(Duration delay) {
        if (clock instanceof io.cadencia.local.SimulatedClock simulated) {
            new io.cadencia.local.hubsoft.SimulatedSleeper(simulated).sleep(delay);
        } else {
            SimulatedHttpServer.pause(delay);
        }
    }

    private String storedJid(String number) {
        String digits = ninthDigitDropped.contains(number) ? number.substring(0, 4) + number.substring(5) : number;
        return digits + "@s.whatsapp.net";
    }

    /**
     * Accepted messages as Evolution's store returns them: newest first, paged by {@code offset}. Every stored
     * message here is one we sent ({@code fromMe}); incoming messages are not simulated.
     */
    private Reply findMessages(Instance instance, byte[] requestBody) {
        if (instance.findMessagesDown) {
            return error(500, "Internal Server Error", "Can't reach database server");
        }
        JsonNode query = parse(requestBody);
        JsonNode where = query.path("where");
        JsonNode window = where.path("messageTimestamp");
        // fetchMessages applies the window only when both ends are given, in whole seconds.
        boolean windowed = window.path("gte").isTextual() && window.path("lte").isTextual();
        long gte = windowed ? Instant.parse(window.path("gte").asText()).getEpochSecond() : Long.MIN_VALUE;
        long lte = windowed ? Instant.parse(window.path("lte").asText()).getEpochSecond() : Long.MAX_VALUE;
        List<AcceptedMessage> matching;
        synchronized (ledgerLock) {
            matching = accepted.stream()
                    .filter(m -> m.instance().equals(instance.name))
                    .filter(m -> m.acceptedAt().getEpochSecond() >= gte && m.acceptedAt().getEpochSecond() <= lte)
                    .sorted(java.util.Comparator.comparing(AcceptedMessage::acceptedAt).reversed())
                    .toList();
        }
        int offset = query.path("offset").asInt(0) > 0 ? query.path("offset").asInt() : 50;
        int page = query.path("page").asInt(0) > 0 ? query.path("page").asInt() : 1;
        ArrayNode records = json.createArrayNode();
        matching.stream().skip((long) offset * (page - 1)).limit(offset).forEach(m -> {
            ObjectNode record = records.addObject();
            record.put("id", UUID.nameUUIDFromBytes(m.id().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
            record.putObject("key").put("id", m.id()).put("fromMe", true).put("remoteJid", storedJid(m.number()));
            record.put("pushName", "");
            record.put("messageType", "conversation");
            record.putObject("message").put("conversation", m.text());
            record.put("messageTimestamp", m.acceptedAt().getEpochSecond());
            record.put("instanceId", instance.instanceId);
            record.put("source", "unknown");
            record.putNull("contextInfo");
            record.putArray("MessageUpdate");
        });
        ObjectNode reply = json.createObjectNode();
        ObjectNode messages = reply.putObject("messages");
        messages.put("total", matching.size());
        messages.put("pages", (int) Math.ceil(matching.size() / (double) offset));
        messages.put("currentPage", page);
        messages.set("records", records);
        return new Reply(200, reply);
    }

    /** The messages Evolution's jsonschema validation gives for textMessageSchema (the parts our requests can reach). */
    private static List<String> schemaErrors(JsonNode body) {
        List<String> errors = new ArrayList<>();
        for (String required : List.of("number", "text")) {
            if (!body.has(required)) {
                errors.add("instance requires property \"" + required + "\"");
            }
        }
        if (body.has("number") && !body.get("number").isTextual()) {
            errors.add("Invalid format");
        }
        if (body.has("text") && !body.get("text").isTextual()) {
            errors.add("text is not of a type(s) string");
        }
        if (body.has("delay") && !body.get("delay").isIntegralNumber()) {
            errors.add("Enter a value in milliseconds");
        }
        if (body.has("linkPreview") && !body.get("linkPreview").isBoolean()) {
            errors.add("linkPreview is not of a type(s) boolean");
        }
        return errors;
    }

    private Reply connectionState(Instance instance) {
        ObjectNode reply = json.createObjectNode();
        reply.putObject("instance").put("instanceName", instance.name)
                .put("state", instance.state.name().toLowerCase(Locale.ROOT));
        return new Reply(200, reply);
    }

    private Reply whatsappNumbers(Instance instance, byte[] requestBody) {
        JsonNode numbers = parse(requestBody).path("numbers");
        boolean allStrings = numbers.isArray() && !numbers.isEmpty();
        for (JsonNode n : numbers) {
            allStrings &= n.isTextual();
        }
        if (!allStrings) {
            // The route's catch serialises the thrown object itself: no "response" wrapper here.
            ObjectNode raw = json.createObjectNode().put("status", 400).put("error", "Bad Request");
            raw.putArray("message").addArray().add("\"numbers\" must be an array of numeric strings");
            return new Reply(400, raw);
        }
        List<String> asked = new ArrayList<>();
        numbers.forEach(n -> asked.add(n.asText()));
        if (instance.state != State.OPEN && !checkedNumbers.containsAll(asked)) {
            return new Reply(400, connectionClosedBoom());
        }
        ArrayNode reply = json.createArrayNode();
        for (String number : asked) {
            boolean exists = !missingNumbers.contains(number);
            ObjectNode entry = reply.addObject().put("jid", number + "@s.whatsapp.net").put("exists", exists).put("number", number);
            if (exists) {
                checkedNumbers.add(number);
                entry.put("name", "");
            }
        }
        return new Reply(200, reply);
    }

    /** JSON.stringify of Baileys' Boom('Connection Closed', {statusCode: 428}). */
    private ObjectNode connectionClosedBoom() {
        ObjectNode boom = json.createObjectNode();
        boom.putNull("data");
        boom.put("isBoom", true).put("isServer", false);
        ObjectNode output = boom.putObject("output").put("statusCode", 428);
        output.putObject("payload").put("statusCode", 428).put("error", "Precondition Required").put("message", "Connection Closed");
        output.putObject("headers");
        return boom;
    }

    private void record(AcceptedMessage message) {
        synchronized (ledgerLock) {
            if (!seen.add(new Dedup(message.instance(), message.number(), message.text()))) {
                duplicates++;
            }
            accepted.add(message);
        }
    }

    private Reply error(int status, String error, Object message) {
        ObjectNode body = json.createObjectNode().put("status", status).put("error", error);
        body.putObject("response").set("message", json.valueToTree(message));
        return new Reply(status, body);
    }

    private JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? json.missingNode() : json.readTree(body);
        } catch (IOException notJson) {
            return json.missingNode();
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
