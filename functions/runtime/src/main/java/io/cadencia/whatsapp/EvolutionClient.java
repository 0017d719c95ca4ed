package io.cadencia.whatsapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Evolution API v2 client. It makes exactly one HTTP call per method and never retries or sleeps:
 * retries belong to the message scheduler, which reschedules {@link SendResult.TemporaryFailure}s
 * with backoff instead of holding a Lambda invocation open.
 */
public final class EvolutionClient implements EvolutionGateway {

    /**
     * @param requestTimeout per request, from sending to the end of the response; must exceed {@code typingDelay},
     *                       because the gateway holds the sendText response while it shows "typing…"
     * @param typingDelay    the {@code delay} field of sendText
     */
    public record Settings(Duration connectTimeout, Duration requestTimeout, Duration typingDelay) {
        public static final Settings DEFAULTS =
                new Settings(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofMillis(1200));

        public Settings {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(typingDelay, "typingDelay");
            if (requestTimeout.compareTo(typingDelay) <= 0) {
                throw new IllegalArgumentException("requestTimeout must exceed typingDelay");
            }
        }
    }

    private static final Pattern DIGITS = Pattern.compile("\\d{8,15}");
    private static final int FIND_PAGE_SIZE = 50;
    private static final int FIND_MAX_PAGES = 10;

    private final HttpClient http;
    private final ObjectMapper json;
    private final EvolutionResponses responses;
    private final Settings settings;

    public EvolutionClient(ObjectMapper json, Settings settings) {
        this.json = Objects.requireNonNull(json, "json");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.responses = new EvolutionResponses(json);
        // HTTP/1.1: the JDK client would otherwise attempt an h2c upgrade on every plain-http call.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public EvolutionClient(ObjectMapper json) {
        this(json, Settings.DEFAULTS);
    }

    @Override
    public SendResult sendText(EvolutionInstance instance, String numberDigits, String text) {
        requireSendable(numberDigits, text);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("number", numberDigits);
        body.put("text", text);
        body.put("delay", settings.typingDelay().toMillis());
        body.put("linkPreview", false);
        try {
            HttpResponse<String> response = send(post(instance, "/message/sendText/", body));
            return redact(responses.classifySend(response.statusCode(), response.body(), instance.instanceName(), numberDigits),
                    instance);
        } catch (ConnectException | HttpConnectTimeoutException notConnected) {
            // No connection was made, so the request never reached the gateway: nothing can have been sent.
            return new SendResult.TemporaryFailure(transportReason(notConnected, instance));
        } catch (IOException e) {
            return new SendResult.Unconfirmed(transportReason(e, instance));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.Unconfirmed("interrupted while sending to instance " + instance.instanceName());
        }
    }

    /**
     * {@code POST /chat/findMessages/{instance}} (Evolution v2, chat.router.ts → channel.service.ts fetchMessages):
     * outgoing messages in the time window, newest first, {@value #FIND_PAGE_SIZE} per page. The number is matched
     * here rather than in the query because Evolution stores some Brazilian JIDs without the ninth digit. Needs
     * Evolution's message persistence (DATABASE_SAVE_DATA_NEW_MESSAGE=true), without which nothing is ever found.
     * Looks for an outgoing message to {@code numberDigits} whose text hashes to {@code textSha256}.
     */
    public SentLookup findSent(EvolutionInstance instance, String numberDigits, String textSha256, Instant from, Instant to) {
        for (int page = 1; page <= FIND_MAX_PAGES; page++) {
            Map<String, Object> where = new LinkedHashMap<>();
            where.put("key", Map.of("fromMe", true));
            where.put("messageTimestamp", Map.of("gte", from.toString(), "lte", to.toString()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("where", where);
            body.put("offset", FIND_PAGE_SIZE);
            body.put("page", page);
            HttpResponse<String> response;
            try {
                response = send(post(instance, "/chat/findMessages/", body));
            } catch (IOException e) {
                return new SentLookup.Unavailable(transportReason(e, instance));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new SentLookup.Unavailable("interrupted");
            }
            EvolutionResponses.StoredMessages stored;
            try {
                stored = responses.parseStoredMessages(response.statusCode(), response.body());
            } catch (EvolutionException e) {
                return new SentLookup.Unavailable(scrub(e.getMessage(), instance));
            }
            for (EvolutionResponses.StoredMessage m : stored.records()) {
                if (m.fromMe() && PhoneDigits.sameWhatsAppNumber(numberDigits, m.remoteJid())
                        && textSha256.equals(sha256(m.text()))) {
                    return new SentLookup.Found(m.id());
                }
            }
            if (page >= stored.pages()) {
                return new SentLookup.NotFound();
            }
        }
        return new SentLookup.Unavailable("more than " + FIND_MAX_PAGES * FIND_PAGE_SIZE + " messages in the window; not searched further");
    }

    /** Hex SHA-256 of a message text: what is kept of a send in flight, to recognise it later without storing it twice. */
    public static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest((text == null ? "" : text).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @Override
    public ConnectionState connectionState(EvolutionInstance instance) {
        try {
            HttpResponse<String> response = send(request(instance, "/instance/connectionState/").GET().build());
            ConnectionState state = responses.classifyState(response.statusCode(), response.body());
            if (state instanceof ConnectionState.Unreachable u) {
                return new ConnectionState.Unreachable(scrub(u.reason(), instance));
            }
            return state instanceof ConnectionState.Rejected r ? new ConnectionState.Rejected(scrub(r.reason(), instance)) : state;
        } catch (IOException e) {
            return new ConnectionState.Unreachable(transportReason(e, instance));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ConnectionState.Unreachable("interrupted");
        }
    }

    /**
     * Checks which numbers have WhatsApp. Community ban-avoidance advice: do not bulk-check cold
     * contacts; check a number once, when it enters the system.
     *
     * @throws EvolutionException on any failure, with {@link EvolutionException#temporary()} set as for sends
     */
    public List<NumberCheck> whatsappNumbers(EvolutionInstance instance, List<String> numbersDigits) {
        try {
            HttpResponse<String> response =
                    send(post(instance, "/chat/whatsappNumbers/", Map.of("numbers", List.copyOf(numbersDigits))));
            return responses.parseNumberChecks(response.statusCode(), response.body());
        } catch (EvolutionException e) {
            throw new EvolutionException(e.temporary(), scrub(e.getMessage(), instance));
        } catch (IOException e) {
            throw new EvolutionException(true, transportReason(e, instance));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvolutionException(true, "interrupted");
        }
    }

    /** Input errors are the caller's bug, not the gateway's: thrown before any breaker or network is involved. */
    static void requireSendable(String numberDigits, String text) {
        Objects.requireNonNull(text, "text");
        if (numberDigits == null || !DIGITS.matcher(numberDigits).matches()) {
            throw new IllegalArgumentException("number must be 8-15 digits with country code, got: " + numberDigits);
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpRequest post(EvolutionInstance instance, String pathPrefix, Object body) throws JsonProcessingException {
        return request(instance, pathPrefix)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8))
                .build();
    }

    private HttpRequest.Builder request(EvolutionInstance instance, String pathPrefix) {
        String name = URLEncoder.encode(instance.instanceName(), StandardCharsets.UTF_8).replace("+", "%20");
        return HttpRequest.newBuilder(URI.create(instance.baseUrl() + pathPrefix + name))
                .timeout(settings.requestTimeout())
                .header("apikey", instance.apiKey())
                .header("Accept", "application/json");
    }

    private String transportReason(IOException e, EvolutionInstance instance) {
        String what;
        if (e instanceof HttpConnectTimeoutException) {
            what = "connect timeout after " + settings.connectTimeout().toMillis() + " ms";
        } else if (e instanceof HttpTimeoutException) {
            what = "timeout after " + settings.requestTimeout().toMillis() + " ms";
        } else if (e instanceof ConnectException) {
            what = "connection refused";
        } else {
            what = "I/O error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        }
        return scrub(what + " calling " + instance.baseUrl() + " for instance " + instance.instanceName(), instance);
    }

    /** Exhaustive over SendResult: a new kind of result must decide what it scrubs. */
    private static SendResult redact(SendResult result, EvolutionInstance instance) {
        return switch (result) {
            case SendResult.PermanentFailure p -> new SendResult.PermanentFailure(scrub(p.reason(), instance));
            case SendResult.TemporaryFailure t -> new SendResult.TemporaryFailure(scrub(t.reason(), instance));
            case SendResult.InstanceRejected r -> new SendResult.InstanceRejected(scrub(r.reason(), instance));
            // Sent carries no reason; a response is never Unconfirmed (a transport failure is, scrubbed where built).
            case SendResult.Sent s -> s;
            case SendResult.Unconfirmed u -> u;
        };
    }

    /** Last line of defence: a gateway or proxy error page could echo the request headers back. */
    private static String scrub(String reason, EvolutionInstance instance) {
        return instance.apiKey().isEmpty() ? reason : reason.replace(instance.apiKey(), "***");
    }
}
